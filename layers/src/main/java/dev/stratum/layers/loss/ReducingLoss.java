package dev.stratum.layers.loss;

import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
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
 * Subclasses check their inputs in {@link #validate} and compute the terms in {@link #terms}.
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
   * Throws {@link IllegalArgumentException} naming this loss, the shapes and the offending values
   * when the inputs do not fit.
   */
  protected abstract void validate(Tensor prediction, Tensor target);

  /** The unreduced terms (already validated inputs). */
  protected abstract Tensor terms(Tensor prediction, Tensor target);

  @Override
  public final Tensor compute(Tensor prediction, Tensor target) {
    Objects.requireNonNull(prediction, name + ": prediction");
    Objects.requireNonNull(target, name + ": target");
    validate(prediction, target);
    return reduced(
        () -> terms(prediction, target),
        terms -> mean(terms, prediction, target),
        prediction,
        target);
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
    return reduced(terms, Tensor::mean, inputs);
  }

  private Tensor reduced(Supplier<Tensor> terms, UnaryOperator<Tensor> mean, Tensor... inputs) {
    boolean graph = false;
    for (Tensor input : inputs) {
      graph |= input.requiresGrad();
    }
    if (graph && Autograd.isRecording()) {
      return reduce(terms.get(), mean);
    }
    try (TensorScope scope = TensorScope.open()) {
      return scope.keep(reduce(terms.get(), mean));
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
