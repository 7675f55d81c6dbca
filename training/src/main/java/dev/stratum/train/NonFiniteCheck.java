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
  private Double lossRead;

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
    this.lossRead = null;
  }

  /** Whether the step that ran last was skipped. */
  boolean skipped() {
    return skipped;
  }

  /**
   * Checks the loss and every gradient before the update, with one read from the device: {@code
   * dataLoss + 0·(objective + Σ (g − g))}, which equals the data loss when everything is finite and
   * is NaN when anything is not. The value read is kept for the Trainer ({@link #takeLossRead}), so
   * the step reads nothing else. On a non-finite value, {@code inputCheck} runs first and throws
   * when the batch's values were the cause (a loss whose value checks were deferred gives NaN for
   * them); then the policy applies. Returns whether to apply the update.
   */
  boolean beforeUpdate(Tensor dataLoss, Tensor objective, Runnable inputCheck) {
    if (policy == NonFinitePolicy.IGNORE) {
      return true;
    }
    double probe;
    try (NoGrad ignored = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      Tensor watch = objective;
      for (Tensor p : model.parameters().values()) {
        Tensor g = p.grad();
        if (g != null) {
          watch = watch.add(g.sub(g).sum().reshape(objective.shape()));
        }
      }
      probe = dataLoss.add(watch.mul(0f)).item();
    }
    lossRead = probe;
    if (Double.isFinite(probe)) {
      return true;
    }
    inputCheck.run();
    double loss = objective.item();
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

  /**
   * The data loss {@link #beforeUpdate} read in this step, or null when it read none (IGNORE, or a
   * custom step); cleared by the call.
   */
  Double takeLossRead() {
    Double value = lossRead;
    lossRead = null;
    return value;
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
