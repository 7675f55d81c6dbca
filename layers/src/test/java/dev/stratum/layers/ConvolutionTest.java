package dev.stratum.layers;

import static dev.stratum.layers.GradientAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conv2d and the pooling layers against naive loops, finite differences and their messages. */
class ConvolutionTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  /** Direct cross-correlation with zero padding, in double. */
  static double[] naiveConv(
      float[] x,
      int n,
      int c,
      int h,
      int w,
      float[] weight,
      float[] bias,
      int oc,
      int k,
      int s,
      int p) {
    int oh = (h - k + 2 * p) / s + 1;
    int ow = (w - k + 2 * p) / s + 1;
    double[] out = new double[n * oc * oh * ow];
    for (int img = 0; img < n; img++) {
      for (int o = 0; o < oc; o++) {
        for (int y = 0; y < oh; y++) {
          for (int z = 0; z < ow; z++) {
            double sum = bias == null ? 0 : bias[o];
            for (int ch = 0; ch < c; ch++) {
              for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                  int row = y * s - p + i;
                  int col = z * s - p + j;
                  if (row >= 0 && row < h && col >= 0 && col < w) {
                    sum +=
                        (double) x[((img * c + ch) * h + row) * w + col]
                            * weight[((o * c + ch) * k + i) * k + j];
                  }
                }
              }
            }
            out[((img * oc + o) * oh + y) * ow + z] = sum;
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void conv2dMatchesANaiveLoop(String name) {
    Backend b = Backends.get(name);
    int[][] configs = {{1, 1}, {2, 1}, {2, 0}, {3, 2}};
    for (int[] sp : configs) {
      int s = sp[0];
      int p = sp[1];
      try (Conv2d conv = new Conv2d(3, 4, 3, s, p, false, LayerOptions.defaults().on(b).seed(s));
          TensorScope scope = TensorScope.open()) {
        float[] x = GradientAssert.normal(2 * 3 * 7 * 6, 1);
        Tensor y = conv.forward(Tensor.of(b, x, 2, 3, 7, 6));
        double[] expected =
            naiveConv(x, 2, 3, 7, 6, conv.weight().toArray(), conv.bias().toArray(), 4, 3, s, p);
        int oh = (7 - 3 + 2 * p) / s + 1;
        int ow = (6 - 3 + 2 * p) / s + 1;
        assertThat(y.shape()).containsExactly(2, 4, oh, ow);
        assertThat(conv.outputShape(2, 3, 7, 6)).containsExactly(2, 4, oh, ow);
        assertClose("conv s" + s + " p" + p, y.toArray(), expected, 1e-5);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void conv2dGradients(String name) {
    Backend b = Backends.get(name);
    try (Conv2d conv = new Conv2d(2, 3, 3, 2, 1, false, LayerOptions.defaults().on(b).seed(4))) {
      GradientAssert.check(
          b, conv, GradientAssert.normal(2 * 2 * 5 * 5, 5), new int[] {2, 2, 5, 5}, 6);
    }
    try (Conv2d conv =
        new Conv2d(2, 2, 2, 1, 0, false, LayerOptions.defaults().on(b).seed(4).bias(false))) {
      assertThat(conv.parameters()).containsOnlyKeys("weight");
      GradientAssert.check(
          b, conv, GradientAssert.normal(1 * 2 * 3 * 4, 7), new int[] {1, 2, 3, 4}, 8);
    }
  }

  @Test
  void conv2dParameterCountAndInitBound() {
    try (Conv2d conv = new Conv2d(3, 96, 11, 4, 0)) {
      assertThat(conv.weight().shape()).containsExactly(96, 3, 11, 11);
      assertThat(conv.weight().size() + conv.bias().size()).isEqualTo(34_944);
      double bound = 1 / Math.sqrt(3 * 11 * 11);
      for (float v : conv.weight().toArray()) {
        assertThat((double) Math.abs(v)).isLessThanOrEqualTo(bound);
      }
      assertThat(conv.outputShape(8, 3, 227, 227)).containsExactly(8, 96, 55, 55);
    }
  }

  @Test
  void conv2dGeometryErrorsAreExact() {
    try (Conv2d strict = new Conv2d(1, 16, 3, 2, 1, true, LayerOptions.defaults());
        Conv2d floor = new Conv2d(1, 16, 3, 2, 1)) {
      // (28 - 3 + 2)/2 + 1 = 14.5: PyTorch floors to 14; strict geometry refuses
      assertThat(floor.outputShape(1, 1, 28, 28)).containsExactly(1, 16, 14, 14);
      assertThatThrownBy(() -> strict.outputShape(1, 1, 28, 28))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Conv2d(1 -> 16, 3x3, s2, p1): input [1, 1, 28, 28] does not fit: along the height,"
                  + " (w - f + 2p)/s + 1 = (28 - 3 + 2·1)/2 + 1 = 14.5 is not a whole number");
      assertThat(strict.outputShape(1, 1, 27, 27)).containsExactly(1, 16, 14, 14);
    }
    try (Conv2d conv = new Conv2d(3, 8, 5)) {
      assertThatThrownBy(() -> conv.outputShape(1, 3, 4, 9))
          .hasMessage(
              "Conv2d(3 -> 8, 5x5, s1, p0): input [1, 3, 4, 9] does not fit: the kernel 5 is"
                  + " larger than the padded height 4 + 2·0 = 4");
      assertThatThrownBy(() -> conv.outputShape(1, 2, 9, 9))
          .hasMessage(
              "Conv2d(3 -> 8, 5x5, s1, p0): input [1, 2, 9, 9] does not fit: it has 2 channels,"
                  + " expected 3");
      assertThatThrownBy(() -> conv.outputShape(2, 3, 9))
          .hasMessage(
              "Conv2d(3 -> 8, 5x5, s1, p0): input [2, 3, 9] does not fit: expected [N, C, H, W]"
                  + " (rank 4)");
    }
    assertThatThrownBy(() -> new Conv2d(3, 8, 3, 0, 0))
        .hasMessage("Conv2d: stride must be at least 1, got 0");
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void poolingMatchesANaiveLoop(String name) {
    Backend b = Backends.get(name);
    int n = 2;
    int c = 2;
    int h = 5;
    int w = 6;
    float[] x = GradientAssert.normal(n * c * h * w, 9);
    int[][] configs = {{2, 2, 0}, {3, 2, 1}, {3, 1, 0}};
    for (int[] kc : configs) {
      int k = kc[0];
      int s = kc[1];
      int p = kc[2];
      int oh = (h - k + 2 * p) / s + 1;
      int ow = (w - k + 2 * p) / s + 1;
      double[] max = new double[n * c * oh * ow];
      double[] avg = new double[max.length];
      for (int plane = 0; plane < n * c; plane++) {
        for (int y = 0; y < oh; y++) {
          for (int z = 0; z < ow; z++) {
            double m = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < k; i++) {
              for (int j = 0; j < k; j++) {
                int row = y * s - p + i;
                int col = z * s - p + j;
                if (row >= 0 && row < h && col >= 0 && col < w) {
                  m = Math.max(m, x[(plane * h + row) * w + col]);
                  sum += x[(plane * h + row) * w + col];
                }
              }
            }
            max[(plane * oh + y) * ow + z] = m;
            avg[(plane * oh + y) * ow + z] = sum / (k * k);
          }
        }
      }
      try (TensorScope scope = TensorScope.open()) {
        Tensor input = Tensor.of(b, x, n, c, h, w);
        MaxPool2d maxPool = new MaxPool2d(k, s, p);
        AvgPool2d avgPool = new AvgPool2d(k, s, p);
        assertThat(maxPool.outputShape(n, c, h, w)).containsExactly(n, c, oh, ow);
        assertClose(maxPool.toString(), maxPool.forward(input).toArray(), max, 0);
        assertClose(avgPool.toString(), avgPool.forward(input).toArray(), avg, 1e-6);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void poolingGradients(String name) {
    Backend b = Backends.get(name);
    int[] shape = {2, 2, 4, 5};
    GradientAssert.check(b, new MaxPool2d(2), GradientAssert.distinct(80, 10), shape, 11);
    GradientAssert.check(b, new MaxPool2d(3, 2, 1), GradientAssert.distinct(80, 12), shape, 13);
    GradientAssert.check(b, new AvgPool2d(2), GradientAssert.normal(80, 14), shape, 15);
    GradientAssert.check(b, new AvgPool2d(3, 1, 1), GradientAssert.normal(80, 16), shape, 17);
  }

  @Test
  void poolingErrors() {
    assertThatThrownBy(() -> new MaxPool2d(2, 2, 2))
        .hasMessage("MaxPool2d: padding 2 must be at most half the kernel 2");
    assertThatThrownBy(() -> new AvgPool2d(3).outputShape(1, 1, 2, 5))
        .hasMessage(
            "AvgPool2d(3x3, s3, p0): input [1, 1, 2, 5] does not fit: the kernel 3 is larger than"
                + " the padded height 2 + 2·0 = 2");
    assertThat(new MaxPool2d(2).outputShape(64, 16, 28, 28)).containsExactly(64, 16, 14, 14);
    assertThat(new MaxPool2d(2).outputShape(64, 16, 7, 7)).containsExactly(64, 16, 3, 3);
  }

  @Test
  void smallCnnOfTheWorkloadsHasTheRightShapes() {
    try (Sequential cnn =
        new Sequential(
            new Conv2d(1, 16, 3, 1, 1),
            new dev.stratum.layers.activation.Activation.ReLU(),
            new MaxPool2d(2),
            new Conv2d(16, 32, 3, 1, 1),
            new dev.stratum.layers.activation.Activation.ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Dense(1568, 10))) {
      assertThat(cnn.outputShape(64, 1, 28, 28)).containsExactly(64, 10);
      // (16·9 + 16) + (32·16·9 + 32) + (1568·10 + 10)
      assertThat(Summary.of(cnn, 64, 1, 28, 28).totalParameters()).isEqualTo(160 + 4640 + 15_690);
    }
  }
}
