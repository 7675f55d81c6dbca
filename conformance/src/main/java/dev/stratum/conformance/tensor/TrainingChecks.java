package dev.stratum.conformance.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;

/**
 * A few SGD steps of a small network built from tensor ops, against {@link TrainingOracle} in
 * double precision. After 5 steps, float32 rounding of a few hundred operations per parameter stays
 * far below 1e-4, the tolerance used (relative to max(1, |value|)).
 */
public final class TrainingChecks {

  private static final int INPUTS = 5;
  private static final int HIDDEN = 7;
  private static final int OUTPUTS = 3;
  private static final int BATCH = 6;
  private static final int STEPS = 5;
  private static final float LEARNING_RATE = 0.1f;

  private TrainingChecks() {}

  public static List<TensorCheck> all() {
    return List.of(
        new TensorCheck(
            "training: "
                + STEPS
                + " SGD steps of a 2-layer network match a double-precision oracle",
            TrainingChecks::matchesOracle));
  }

  private static void matchesOracle(Backend b) {
    float[] w1 = Host.random(INPUTS * HIDDEN, 21);
    float[] b1 = Host.random(HIDDEN, 22);
    float[] w2 = Host.random(HIDDEN * OUTPUTS, 23);
    float[] b2 = Host.random(OUTPUTS, 24);
    TrainingOracle oracle = new TrainingOracle(INPUTS, HIDDEN, OUTPUTS, w1, b1, w2, b2);
    try (TensorScope scope = TensorScope.open()) {
      Tensor tw1 = Tensor.of(b, w1, INPUTS, HIDDEN).requiresGrad(true);
      Tensor tb1 = Tensor.of(b, b1, HIDDEN).requiresGrad(true);
      Tensor tw2 = Tensor.of(b, w2, HIDDEN, OUTPUTS).requiresGrad(true);
      Tensor tb2 = Tensor.of(b, b2, OUTPUTS).requiresGrad(true);
      List<Tensor> parameters = List.of(tw1, tb1, tw2, tb2);
      for (int step = 0; step < STEPS; step++) {
        float[] x = Host.random(BATCH * INPUTS, 100 + step);
        float[] t = Host.random(BATCH * OUTPUTS, 200 + step);
        double expectedLoss = oracle.step(x, t, BATCH, LEARNING_RATE);
        try (TensorScope stepScope = TensorScope.open()) {
          Tensor input = Tensor.of(b, x, BATCH, INPUTS);
          Tensor target = Tensor.of(b, t, BATCH, OUTPUTS);
          Tensor loss =
              input.matmul(tw1).add(tb1).tanh().matmul(tw2).add(tb2).sub(target).square().mean();
          Host.close(
              "loss at step " + step, new float[] {loss.item()}, new double[] {expectedLoss}, 1e-5);
          for (Tensor p : parameters) {
            p.zeroGrad();
          }
          loss.backward();
          try (NoGrad off = Autograd.noGrad()) {
            for (Tensor p : parameters) {
              p.addScaledInPlace(-LEARNING_RATE, p.grad());
            }
          }
        }
      }
      Host.close("W1 after training", tw1.toArray(), oracle.w1, 1e-4);
      Host.close("b1 after training", tb1.toArray(), oracle.b1, 1e-4);
      Host.close("W2 after training", tw2.toArray(), oracle.w2, 1e-4);
      Host.close("b2 after training", tb2.toArray(), oracle.b2, 1e-4);
    }
  }
}
