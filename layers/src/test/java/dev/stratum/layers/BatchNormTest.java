package dev.stratum.layers;

import static dev.stratum.layers.GradientAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchNormTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  /** Per-channel mean and biased variance of an NCHW-like array {@code [n, c, inner]}. */
  private static double[][] stats(float[] x, int n, int c, int inner) {
    double[] mean = new double[c];
    double[] var = new double[c];
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < inner; j++) {
          s += x[(i * c + ch) * inner + j];
        }
      }
      mean[ch] = s / (n * inner);
      double v = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < inner; j++) {
          double d = x[(i * c + ch) * inner + j] - mean[ch];
          v += d * d;
        }
      }
      var[ch] = v / (n * inner);
    }
    return new double[][] {mean, var};
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void trainingNormalisesWithBatchStatisticsAndUpdatesRunningOnes(String name) {
    Backend b = Backends.get(name);
    int n = 4;
    int c = 3;
    int inner = 2 * 3;
    float[] x = GradientAssert.normal(n * c * inner, 1);
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] * 2 + 1;
    }
    double[][] st = stats(x, n, c, inner);
    try (BatchNorm2d bn = new BatchNorm2d(c, 0.1, 1e-5, true, LayerOptions.defaults().on(b));
        TensorScope scope = TensorScope.open()) {
      try (NoGrad ignored = Autograd.noGrad()) {
        bn.parameters().get("weight").copyFrom(Tensor.vector(b, 1f, 2f, 0.5f));
        bn.parameters().get("bias").copyFrom(Tensor.vector(b, 0f, -1f, 3f));
      }
      float[] gamma = {1f, 2f, 0.5f};
      float[] beta = {0f, -1f, 3f};
      Tensor y = bn.forward(Tensor.of(b, x, n, c, 2, 3));
      double[] expected = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        int ch = (i / inner) % c;
        expected[i] = (x[i] - st[0][ch]) / Math.sqrt(st[1][ch] + 1e-5) * gamma[ch] + beta[ch];
      }
      assertClose("batch norm train", y.toArray(), expected, 1e-5);
      double[] runningMean = new double[c];
      double[] runningVar = new double[c];
      for (int ch = 0; ch < c; ch++) {
        runningMean[ch] = 0.1 * st[0][ch];
        runningVar[ch] = 0.9 + 0.1 * st[1][ch] * (n * inner) / (n * inner - 1.0);
      }
      assertClose("running mean", bn.runningMean().toArray(), runningMean, 1e-6);
      assertClose("running var", bn.runningVar().toArray(), runningVar, 1e-6);
      assertThat(bn.buffers().keySet()).containsExactly("running_mean", "running_var");
      assertThat(bn.parameters().keySet()).containsExactly("weight", "bias");

      // evaluation uses the running statistics and leaves them alone
      bn.eval();
      Tensor z = bn.forward(Tensor.of(b, x, n, c, 2, 3));
      for (int i = 0; i < x.length; i++) {
        int ch = (i / inner) % c;
        expected[i] =
            (x[i] - runningMean[ch]) / Math.sqrt(runningVar[ch] + 1e-5) * gamma[ch] + beta[ch];
      }
      assertClose("batch norm eval", z.toArray(), expected, 1e-5);
      assertClose("running mean unchanged", bn.runningMean().toArray(), runningMean, 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void batchNorm1dOnRanksTwoAndThree(String name) {
    Backend b = Backends.get(name);
    float[] x = GradientAssert.normal(5 * 2, 2);
    double[][] st = stats(x, 5, 2, 1);
    try (BatchNorm1d bn = new BatchNorm1d(2, 0.1, 1e-5, false, LayerOptions.defaults().on(b));
        TensorScope scope = TensorScope.open()) {
      assertThat(bn.parameters()).isEmpty();
      double[] expected = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        expected[i] = (x[i] - st[0][i % 2]) / Math.sqrt(st[1][i % 2] + 1e-5);
      }
      assertClose("bn1d", bn.forward(Tensor.of(b, x, 5, 2)).toArray(), expected, 1e-5);
      assertThat(bn.forward(Tensor.of(b, x, 1, 2, 5)).shape()).containsExactly(1, 2, 5);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void gradientsInTrainingAndEvaluation(String name) {
    Backend b = Backends.get(name);
    try (BatchNorm2d bn = new BatchNorm2d(2, 0.1, 1e-5, true, LayerOptions.defaults().on(b))) {
      try (NoGrad ignored = Autograd.noGrad()) {
        bn.parameters().get("weight").copyFrom(Tensor.vector(b, 1.5f, -0.5f));
      }
      GradientAssert.check(
          b, bn, GradientAssert.normal(3 * 2 * 2 * 2, 3), new int[] {3, 2, 2, 2}, 4);
      bn.eval();
      GradientAssert.check(
          b, bn, GradientAssert.normal(3 * 2 * 2 * 2, 5), new int[] {3, 2, 2, 2}, 6);
    }
    try (BatchNorm1d bn = new BatchNorm1d(3)) {
      GradientAssert.check(
          Backends.get(), bn, GradientAssert.normal(4 * 3, 7), new int[] {4, 3}, 8);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void inferenceWithoutAScopeLeavesOnlyTheOutput(String name) {
    Backend b = Backends.get(name);
    try (BatchNorm2d bn = new BatchNorm2d(2, 0.1, 1e-5, true, LayerOptions.defaults().on(b));
        Tensor x = Tensor.of(b, GradientAssert.normal(16, 9), 2, 2, 2, 2);
        NoGrad ignored = Autograd.noGrad()) {
      int before = b.liveStorages();
      for (boolean training : new boolean[] {true, false}) {
        bn.train(training);
        try (Tensor y = bn.forward(x)) {
          assertThat(b.liveStorages()).isEqualTo(before + 1);
        }
      }
    }
  }

  @Test
  void shapeErrorsAndConfig() {
    try (BatchNorm2d bn = new BatchNorm2d(3);
        BatchNorm1d bn1 = new BatchNorm1d(4)) {
      assertThatThrownBy(() -> bn.outputShape(2, 3, 4))
          .hasMessage("BatchNorm2d(3): input [2, 3, 4] does not fit: expected [N, C, H, W]");
      assertThatThrownBy(() -> bn.outputShape(2, 4, 4, 4))
          .hasMessage(
              "BatchNorm2d(3): input [2, 4, 4, 4] does not fit: it has 4 channels, expected 3");
      assertThatThrownBy(() -> bn1.outputShape(2, 4, 4, 4))
          .hasMessage(
              "BatchNorm1d(4): input [2, 4, 4, 4] does not fit: expected [N, C] or [N, C, L]");
      try (TensorScope scope = TensorScope.open()) {
        assertThatThrownBy(() -> bn1.forward(Tensor.zeros(Backends.get(), 1, 4)))
            .hasMessage(
                "BatchNorm1d(4): input [1, 4] does not fit: training needs more than one value per"
                    + " channel to estimate a variance");
      }
      assertThat(StandardLayers.build(Backends.get(), "batch_norm2d", bn.config()).config())
          .isEqualTo(bn.config());
    }
  }
}
