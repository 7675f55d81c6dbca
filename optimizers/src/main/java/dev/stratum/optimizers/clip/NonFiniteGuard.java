package dev.stratum.optimizers.clip;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks every gradient for NaN and infinity before the step. On finding one it either skips the
 * step (parameters, state and {@link #iterations()} untouched; the listener hears of it and {@link
 * #skippedSteps()} counts it) or throws {@link NonFiniteGradientException}, by choice. Put it
 * outside clipping, which would spread a NaN: {@code NonFiniteGuard.skipping(Clipping.byGlobalNorm(
 * adam, 1), listener)}. Checking costs one device-to-host read per parameter per step.
 */
public final class NonFiniteGuard extends ForwardingOptimizer {

  /** A skipped step: the optimizer's iteration count at the time and the offending parameters. */
  public record SkippedStep(long iteration, List<String> parameters) {}

  private final Consumer<SkippedStep> listener;
  private final boolean fail;
  private long skipped;

  private NonFiniteGuard(Optimizer delegate, Consumer<SkippedStep> listener, boolean fail) {
    super(delegate);
    this.listener = listener;
    this.fail = fail;
  }

  /** Skips a step with a non-finite gradient and tells {@code listener}. */
  public static NonFiniteGuard skipping(Optimizer optimizer, Consumer<SkippedStep> listener) {
    return new NonFiniteGuard(optimizer, Objects.requireNonNull(listener, "listener"), false);
  }

  /** Throws {@link NonFiniteGradientException} on a non-finite gradient. */
  public static NonFiniteGuard throwing(Optimizer optimizer) {
    return new NonFiniteGuard(optimizer, skip -> {}, true);
  }

  /** How many steps were skipped. */
  public long skippedSteps() {
    return skipped;
  }

  @Override
  public void step() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    for (ParameterGroup group : groups()) {
      named.putAll(group.parameters());
    }
    List<String> bad = GradientClipping.nonFinite(named);
    if (bad.isEmpty()) {
      super.step();
      return;
    }
    if (fail) {
      throw new NonFiniteGradientException(iterations(), bad);
    }
    skipped++;
    listener.accept(new SkippedStep(iterations(), List.copyOf(bad)));
  }

  /** Thrown by a {@link #throwing} guard. */
  public static final class NonFiniteGradientException extends IllegalStateException {
    private final List<String> parameters;

    NonFiniteGradientException(long iteration, List<String> parameters) {
      super(
          "non-finite gradient (NaN or infinity) at step "
              + (iteration + 1)
              + " in "
              + parameters
              + "; the step was not applied");
      this.parameters = List.copyOf(parameters);
    }

    /** The parameters whose gradient was not finite. */
    public List<String> parameters() {
      return parameters;
    }
  }
}
