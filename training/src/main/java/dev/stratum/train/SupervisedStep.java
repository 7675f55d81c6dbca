package dev.stratum.train;

import dev.stratum.data.Batch;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The usual training step: {@code prediction = model(x)}, {@code objective = loss(prediction, y) +
 * Σ penalties(model)}, then {@link Optimizer#zeroGrad()}, the backward pass and one {@link
 * Optimizer#step()} (which a {@link NonFinitePolicy} set on the Trainer may skip or stop). It
 * reports {@code "loss"} (the loss alone) and, when penalty terms are set, {@code "penalty"} (their
 * sum); validation reports the loss only. {@link Trainer.Builder#loss} builds one.
 */
public final class SupervisedStep implements TrainingStep {

  private final Layer model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final List<Function<Layer, Tensor>> penalties;
  private final NonFiniteCheck check;

  /**
   * A step of {@code model} under {@code loss} and {@code penalties}, updated by {@code optimizer},
   * with no check for non-finite values ({@link NonFinitePolicy#IGNORE}; the {@link Trainer} builds
   * its own with the policy it was given).
   */
  public SupervisedStep(
      Layer model, Loss loss, Optimizer optimizer, List<Function<Layer, Tensor>> penalties) {
    this(model, loss, optimizer, penalties, null);
  }

  SupervisedStep(
      Layer model,
      Loss loss,
      Optimizer optimizer,
      List<Function<Layer, Tensor>> penalties,
      NonFiniteCheck check) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.penalties = List.copyOf(penalties);
    this.check = check;
  }

  @Override
  public StepResult train(Batch batch) {
    Tensor prediction = model.forward(batch.inputs());
    Tensor dataLoss = checkScalar("loss", loss.compute(prediction, batch.targets()));
    Tensor objective = dataLoss;
    Tensor penalty = null;
    for (int i = 0; i < penalties.size(); i++) {
      Tensor term = checkScalar("penalty " + i, penalties.get(i).apply(model));
      penalty = penalty == null ? term : penalty.add(term);
    }
    if (penalty != null) {
      objective = dataLoss.add(penalty.reshape(dataLoss.shape()));
    }
    optimizer.zeroGrad();
    objective.backward();
    if (check == null
        || check.beforeUpdate(
            dataLoss, objective, () -> loss.checkValues(prediction, batch.targets()))) {
      optimizer.step();
    }
    Map<String, Tensor> parts = new LinkedHashMap<>();
    parts.put(StepResult.LOSS, dataLoss);
    if (penalty != null) {
      parts.put("penalty", penalty);
    }
    return new StepResult(parts, prediction);
  }

  @Override
  public StepResult evaluate(Batch batch) {
    Tensor prediction = model.forward(batch.inputs());
    Tensor value = checkScalar("loss", loss.compute(prediction, batch.targets()));
    return StepResult.of(value).withPrediction(prediction);
  }

  /** Asks the loss to check the prediction and the targets on the host, naming a bad value. */
  @Override
  public void checkInputs(Batch batch, StepResult result) {
    loss.checkValues(result.prediction(), batch.targets());
  }

  @Override
  public boolean defersValueChecks() {
    return true;
  }

  private static Tensor checkScalar(String what, Tensor t) {
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          "trainer: the "
              + what
              + " must be one number, got shape "
              + Arrays.toString(t.shape())
              + " (use a MEAN or SUM reduction)");
    }
    return t;
  }
}
