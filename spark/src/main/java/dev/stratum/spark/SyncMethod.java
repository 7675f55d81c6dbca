package dev.stratum.spark;

/**
 * How the workers' work is combined each round; see {@link SparkTrainer} for what each does with
 * the optimizer's state.
 */
public enum SyncMethod {
  /**
   * Every step: each worker computes the gradient of its batch, the driver averages them (weighted
   * by batch size) and one optimizer on the driver takes the step. The result is that of one
   * machine training on the workers' batches put together.
   */
  GRADIENT_AVERAGING,

  /**
   * Every k steps: each worker takes k optimizer steps on its own batches from the same start, the
   * driver averages the parameters and the optimizer state (weighted by samples).
   */
  PARAMETER_AVERAGING
}
