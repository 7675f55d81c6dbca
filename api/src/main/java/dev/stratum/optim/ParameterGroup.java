package dev.stratum.optim;

import dev.stratum.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Named parameters that share a learning rate and a weight decay. The learning rate is mutable so
 * that schedules can change it between steps; {@link #baseLearningRate()} keeps the value the group
 * started with.
 */
public final class ParameterGroup {

  private final Map<String, Tensor> parameters;
  private final double baseLearningRate;
  private double learningRate;
  private double weightDecay;

  /**
   * A group over {@code parameters} (names must be unique across an optimizer's groups; they key
   * the optimizer state in checkpoints).
   */
  public ParameterGroup(Map<String, Tensor> parameters, double learningRate, double weightDecay) {
    Objects.requireNonNull(parameters, "parameters");
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be finite and >= 0, got " + learningRate);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weight decay must be finite and >= 0, got " + weightDecay);
    }
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.baseLearningRate = learningRate;
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /** The parameters, by name, in a stable order. */
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  /** The learning rate used by the next step. */
  public double learningRate() {
    return learningRate;
  }

  /** Sets the learning rate used by the next step (schedules call this). */
  public void learningRate(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + value);
    }
    this.learningRate = value;
  }

  /** The learning rate the group was created with. */
  public double baseLearningRate() {
    return baseLearningRate;
  }

  /** The weight-decay coefficient; how it is applied depends on the optimizer. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Sets the weight-decay coefficient. */
  public void weightDecay(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + value);
    }
    this.weightDecay = value;
  }
}
