package dev.stratum.layers.loss;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.UnaryOperator;

/**
 * The rules that the values of a loss's inputs must obey (a range, {@code >= 0}, ±1, a class
 * index), each checked in two places: on the device by {@link ReducingLoss#compute}, which reduces
 * every rule to one 0-or-1 verdict and turns its result NaN when the verdict is 0, so a training
 * step reads nothing back but its loss; and on the host by {@link ReducingLoss#checkValues}, which
 * downloads the values and names the first offending one. A loss declares its rules in {@link
 * ReducingLoss#valueRules}; the host check goes through them in that order.
 */
public final class ValueRules {

  /**
   * One rule on the values of {@code values}: {@code ok} on the host, {@code verdict} on the device
   * (a rank-0 tensor, 1 when every value obeys, else 0).
   */
  private record Rule(
      String role,
      Tensor values,
      DoublePredicate ok,
      String problem,
      UnaryOperator<Tensor> verdict) {}

  private final String loss;
  private final List<Rule> rules = new ArrayList<>(2);

  ValueRules(String loss) {
    this.loss = loss;
  }

  /** Every value of {@code t} lies in {@code [low, high]} (NaN does not). */
  public ValueRules inRange(String role, Tensor t, double low, double high) {
    float below = Math.nextDown((float) low);
    float above = Math.nextUp((float) high);
    // min > nextDown(low) is min >= low for floats, and false for NaN, as is max < nextUp(high)
    return add(
        role,
        t,
        v -> v >= low && v <= high,
        "outside [" + num(low) + ", " + num(high) + "]",
        x -> x.min(false).gt(below).mul(x.max(false).lt(above)));
  }

  /** Every value of {@code t} is at least 0 (NaN is not). */
  public ValueRules nonNegative(String role, Tensor t) {
    float below = Math.nextDown(0f);
    return add(role, t, v -> v >= 0, "not >= 0", x -> x.min(false).gt(below));
  }

  /** Every value of {@code t} is -1 or 1. */
  public ValueRules signs(String role, Tensor t) {
    return add(role, t, v -> v == 1 || v == -1, "neither -1 nor 1", x -> x.abs().eq(1f).min(false));
  }

  /** Every value of {@code t} is a whole number in {@code [0, classes)}. */
  public ValueRules classIndices(Tensor t, int classes) {
    return classIndices(t, classes, null);
  }

  /** As {@link #classIndices(Tensor, int)}, also allowing {@code ignored} when not null. */
  public ValueRules classIndices(Tensor t, int classes, Integer ignored) {
    String problem =
        "not a whole number in [0, "
            + classes
            + ")"
            + (ignored == null ? "" : " nor the ignore index " + ignored);
    return add(
        "class index",
        t,
        v ->
            (v >= 0 && v < classes && v == Math.rint(v))
                || (ignored != null && v == ignored.doubleValue()),
        problem,
        x -> {
          // a one-hot row sums to 1 exactly when its index is a whole number in [0, classes)
          Tensor hits = LossChecks.oneHot(x, classes).sum(false, x.rank());
          if (ignored != null) {
            hits = hits.add(x.eq(ignored.floatValue()));
          }
          return hits.min(false).gt(0.5f);
        });
  }

  private ValueRules add(
      String role, Tensor t, DoublePredicate ok, String problem, UnaryOperator<Tensor> verdict) {
    rules.add(new Rule(role, t, ok, problem, verdict));
    return this;
  }

  /**
   * {@code result} when every rule holds, NaN in each of its elements when one fails: the rules are
   * reduced on the device and nothing is read back. Where it is NaN, no gradient reaches the terms.
   */
  Tensor poison(Tensor result) {
    if (rules.isEmpty()) {
      return result;
    }
    Tensor verdict = null;
    try (NoGrad noGrad = Autograd.noGrad()) {
      for (Rule rule : rules) {
        Tensor ok = rule.verdict().apply(rule.values());
        verdict = verdict == null ? ok : verdict.mul(ok);
      }
    }
    return Tensor.where(verdict, result, Tensor.scalar(result.backend(), Float.NaN));
  }

  /**
   * Downloads the values of each rule in turn and throws {@link IllegalArgumentException} naming
   * the loss, the input, the first offending value and its flat position.
   */
  void checkOnHost() {
    for (Rule rule : rules) {
      float[] values = rule.values().toArray();
      for (int i = 0; i < values.length; i++) {
        if (!rule.ok().test(values[i])) {
          throw new IllegalArgumentException(
              loss
                  + ": "
                  + rule.role()
                  + " "
                  + values[i]
                  + " at flat position "
                  + i
                  + " of shape "
                  + LossChecks.str(rule.values())
                  + " is "
                  + rule.problem());
        }
      }
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
