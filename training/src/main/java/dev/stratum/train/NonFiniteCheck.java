package dev.stratum.train;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Carries out a {@link NonFinitePolicy} for one {@link Trainer}: the Trainer says which step is
 * running, the step (or the Trainer, after a custom step) asks whether the values are finite.
 */
final class NonFiniteCheck {

  private final NonFinitePolicy policy;
  private final Layer model;
  private final Consumer<NonFiniteStep> listener;
  private int epoch;
  private long step;
  private long batchInEpoch;
  private boolean skipped;

  NonFiniteCheck(NonFinitePolicy policy, Layer model, Consumer<NonFiniteStep> listener) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.model = model;
    this.listener = listener;
  }

  NonFinitePolicy policy() {
    return policy;
  }

  /** The step about to run. */
  void begin(int epoch, long step, long batchInEpoch) {
    this.epoch = epoch;
    this.step = step;
    this.batchInEpoch = batchInEpoch;
    this.skipped = false;
  }

  /** Whether the step that ran last was skipped. */
  boolean skipped() {
    return skipped;
  }

  /**
   * After the backward pass, before the update: whether to apply it. Throws under {@link
   * NonFinitePolicy#STOP} when the objective or a gradient is not finite.
   */
  boolean beforeUpdate(Tensor objective) {
    if (policy == NonFinitePolicy.IGNORE) {
      return true;
    }
    double loss = objective.item();
    if (Double.isFinite(loss) && gradientsFinite()) {
      return true;
    }
    NonFiniteStep found =
        new NonFiniteStep(
            epoch,
            step,
            batchInEpoch,
            loss,
            firstNonFiniteGradient(),
            policy == NonFinitePolicy.SKIP);
    listener.accept(found);
    if (policy == NonFinitePolicy.STOP) {
      throw new NonFiniteTrainingException(found, false);
    }
    skipped = true;
    return false;
  }

  /** After a custom step, which has applied its own update: throws when its loss is not finite. */
  void afterCustomStep(double loss) {
    if (policy == NonFinitePolicy.IGNORE || Double.isFinite(loss)) {
      return;
    }
    NonFiniteStep found =
        new NonFiniteStep(epoch, step, batchInEpoch, loss, firstNonFiniteGradient(), false);
    listener.accept(found);
    throw new NonFiniteTrainingException(found, true);
  }

  /**
   * Whether every gradient is finite, with one download: {@code Σ_p sum(g_p − g_p)} is 0 when all
   * are finite and NaN when any element is NaN or infinite.
   */
  private boolean gradientsFinite() {
    try (NoGrad ignored = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      Tensor total = null;
      for (Tensor p : model.parameters().values()) {
        Tensor g = p.grad();
        if (g != null) {
          Tensor zero = g.sub(g).sum();
          total = total == null ? zero : total.add(zero);
        }
      }
      return total == null || total.item() == 0f;
    }
  }

  /** The first parameter, in the model's order, whose gradient is not finite; null if none. */
  private String firstNonFiniteGradient() {
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
        Tensor g = e.getValue().grad();
        if (g != null) {
          try (TensorScope scope = TensorScope.open()) {
            if (g.sub(g).sum().item() != 0f) {
              return e.getKey();
            }
          }
        }
      }
    }
    return null;
  }
}
