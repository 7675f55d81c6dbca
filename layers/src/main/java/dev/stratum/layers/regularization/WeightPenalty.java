package dev.stratum.layers.regularization;

import dev.stratum.nn.Layer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * L1 and L2 penalties on parameters: {@code l1·Σ|w| + l2·Σw²} over the parameters a name filter
 * selects (all by default; {@link #weightsOnly()} leaves out biases). As in Keras, the L2 term has
 * no ½, so its gradient is {@code 2·l2·w}; an optimizer's weight decay λ equals {@code l2 = λ/2}.
 *
 * <pre>{@code
 * Penalty penalty = WeightPenalty.l2(1e-4).only(WeightPenalty.weightsOnly());
 * Tensor total = loss.add(penalty.apply(model));
 * }</pre>
 */
public final class WeightPenalty implements Penalty {

  private final double l1;
  private final double l2;
  private final Predicate<String> filter;

  private WeightPenalty(double l1, double l2, Predicate<String> filter) {
    check("l1", l1);
    check("l2", l2);
    this.l1 = l1;
    this.l2 = l2;
    this.filter = filter;
  }

  private static void check(String what, double coefficient) {
    if (!(coefficient >= 0) || Double.isInfinite(coefficient)) {
      throw new IllegalArgumentException(
          "weight penalty: " + what + " coefficient must be finite and >= 0, got " + coefficient);
    }
  }

  /** {@code coefficient·Σ|w|}. */
  public static WeightPenalty l1(double coefficient) {
    return new WeightPenalty(coefficient, 0, name -> true);
  }

  /** {@code coefficient·Σw²}. */
  public static WeightPenalty l2(double coefficient) {
    return new WeightPenalty(0, coefficient, name -> true);
  }

  /** {@code l1·Σ|w| + l2·Σw²} (elastic net). */
  public static WeightPenalty l1l2(double l1, double l2) {
    return new WeightPenalty(l1, l2, name -> true);
  }

  /** The same penalty over the parameters whose names {@code filter} accepts. */
  public WeightPenalty only(Predicate<String> filter) {
    return new WeightPenalty(l1, l2, filter);
  }

  /** Accepts {@code "weight"} and names ending in {@code ".weight"}: weights, not biases. */
  public static Predicate<String> weightsOnly() {
    return name -> name.equals("weight") || name.endsWith(".weight");
  }

  /** The penalty over the layer's parameters. */
  @Override
  public Tensor apply(Layer layer) {
    return penalty(layer.parameters());
  }

  /** The penalty over a parameter group. */
  public Tensor penalty(ParameterGroup group) {
    return penalty(group.parameters());
  }

  /**
   * The penalty over the named parameters the filter accepts, a scalar on their backend; throws
   * {@link IllegalArgumentException} when it accepts none (a filter that matches nothing is a
   * mistake, not a zero penalty).
   */
  public Tensor penalty(Map<String, Tensor> parameters) {
    List<Tensor> chosen = new ArrayList<>();
    parameters.forEach(
        (name, tensor) -> {
          if (filter.test(name)) {
            chosen.add(tensor);
          }
        });
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          "weight penalty: no parameter is selected among " + parameters.keySet());
    }
    Tensor total = null;
    for (Tensor w : chosen) {
      Tensor term = null;
      if (l1 != 0) {
        term = w.abs().sum().mul((float) l1);
      }
      if (l2 != 0) {
        Tensor square = w.square().sum().mul((float) l2);
        term = term == null ? square : term.add(square);
      }
      if (term == null) {
        term = w.sum().mul(0f);
      }
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  @Override
  public String toString() {
    return "WeightPenalty[l1=" + l1 + ", l2=" + l2 + "]";
  }
}
