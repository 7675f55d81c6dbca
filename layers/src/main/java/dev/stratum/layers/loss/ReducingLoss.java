package dev.stratum.layers.loss;

import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import dev.stratum.nn.ValueChecks;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A loss computed as terms (one per element, or one per sample) that its {@link Reduction}
 * combines: {@code MEAN} averages the terms, {@code SUM} adds them, {@code NONE} returns them.
 * Subclasses check the shapes of their inputs in {@link #validate}, declare the rules their values
 * obey in {@link #valueRules} and compute the terms in {@link #terms}.
 *
 * <p>{@link #compute} checks the value rules on the device and reads nothing back: when one fails,
 * every element of its result is NaN (and no gradient reaches the terms). {@link #checkValues} then
 * names the offending value; the Trainer calls it when it reads a NaN loss, so in a {@code fit()} a
 * bad input surfaces as that exception at the end of the step that met it, after that step's update
 * (in which the loss contributed a zero gradient).
 */
public abstract class ReducingLoss implements Loss {

  private final String name;
  private final Reduction reduction;

  /** A loss registered as {@code name} (used in messages and configurations). */
  protected ReducingLoss(String name, Reduction reduction) {
    this.name = Objects.requireNonNull(name, "name");
    this.reduction = Objects.requireNonNull(reduction, "reduction");
  }

  /** The name this loss is registered under ({@code "huber"}). */
  public final String name() {
    return name;
  }

  /** How the terms are combined. */
  public final Reduction reduction() {
    return reduction;
  }

  /**
   * The configuration that {@link Losses#create(Map)} builds this loss back from: {@code type},
   * {@code reduction} and the loss's own options.
   */
  public final Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", name);
    config.put("reduction", reduction.name().toLowerCase(Locale.ROOT));
    config.putAll(options());
    return config;
  }

  /** The loss's own options, by the names its factory reads; none by default. */
  protected Map<String, Object> options() {
    return Map.of();
  }

  /**
   * Throws {@link IllegalArgumentException} naming this loss and the shapes when the inputs' shapes
   * do not fit. Reads no values: those are {@link #valueRules}.
   */
  protected abstract void validate(Tensor prediction, Tensor target);

  /**
   * Adds the rules that the values of the inputs (already of fitting shapes) must obey to {@code
   * rules}; none by default.
   */
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {}

  /** The unreduced terms (already validated inputs). */
  protected abstract Tensor terms(Tensor prediction, Tensor target);

  @Override
  public final Tensor compute(Tensor prediction, Tensor target) {
    Objects.requireNonNull(prediction, name + ": prediction");
    Objects.requireNonNull(target, name + ": target");
    validate(prediction, target);
    ValueRules rules = new ValueRules(name);
    valueRules(rules, prediction, target);
    if (!ValueChecks.areDeferred()) {
      // eager: read the inputs now and throw; nothing to poison afterwards
      rules.checkOnHost();
      rules = new ValueRules(name);
    }
    return reduced(
        () -> terms(prediction, target),
        terms -> mean(terms, prediction, target),
        rules,
        prediction,
        target);
  }

  /**
   * Checks the shapes, then downloads the inputs and checks their values against {@link
   * #valueRules}, throwing {@link IllegalArgumentException} that names this loss, the input, the
   * first offending value and its flat position.
   */
  @Override
  public final void checkValues(Tensor prediction, Tensor target) {
    Objects.requireNonNull(prediction, name + ": prediction");
    Objects.requireNonNull(target, name + ": target");
    validate(prediction, target);
    ValueRules rules = new ValueRules(name);
    valueRules(rules, prediction, target);
    rules.checkOnHost();
  }

  /**
   * What {@code MEAN} gives for {@code terms}: their average by default. A loss whose mean is a
   * weighted one (cross-entropy with class weights or ignored positions) divides by its weights.
   */
  protected Tensor mean(Tensor terms, Tensor prediction, Tensor target) {
    return terms.mean();
  }

  /**
   * Reduces the terms that {@code terms} computes from {@code inputs}. When nothing is recorded for
   * a backward pass, the intermediates are freed at once; otherwise the backward pass needs them
   * and they stay in the caller's scope.
   */
  protected final Tensor reduced(Supplier<Tensor> terms, Tensor... inputs) {
    return reduced(terms, Tensor::mean, new ValueRules(name), inputs);
  }

  private Tensor reduced(
      Supplier<Tensor> terms, UnaryOperator<Tensor> mean, ValueRules rules, Tensor... inputs) {
    boolean graph = false;
    for (Tensor input : inputs) {
      graph |= input.requiresGrad();
    }
    if (graph && Autograd.isRecording()) {
      return rules.poison(reduce(terms.get(), mean));
    }
    try (TensorScope scope = TensorScope.open()) {
      return scope.keep(rules.poison(reduce(terms.get(), mean)));
    }
  }

  /** Sums {@code x} ({@code [N, ...]}, rank 2 or more) over every axis but the first. */
  protected static Tensor sumPerSample(Tensor x) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException(
          "sumPerSample: needs [N, ...] of rank 2 or more, got " + LossChecks.str(x));
    }
    int[] axes = new int[x.rank() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return x.sum(false, axes);
  }

  private Tensor reduce(Tensor terms, UnaryOperator<Tensor> mean) {
    return switch (reduction) {
      case MEAN -> mean.apply(terms);
      case SUM -> terms.sum();
      case NONE -> terms;
    };
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + config();
  }
}
