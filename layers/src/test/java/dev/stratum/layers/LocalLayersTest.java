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

/** LocallyConnected2d and Embedding against loops, finite differences and their messages. */
class LocalLayersTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void locallyConnectedUsesOneFilterPerPosition(String name) {
    Backend b = Backends.get(name);
    int n = 2;
    int c = 2;
    int h = 5;
    int w = 4;
    int oc = 3;
    int k = 2;
    int s = 1;
    int p = 1;
    int oh = (h - k + 2 * p) / s + 1;
    int ow = (w - k + 2 * p) / s + 1;
    try (LocallyConnected2d layer =
            new LocallyConnected2d(c, oc, h, w, k, s, p, LayerOptions.defaults().on(b).seed(1));
        TensorScope scope = TensorScope.open()) {
      float[] x = GradientAssert.normal(n * c * h * w, 2);
      float[] weight = layer.weight().toArray();
      float[] bias = layer.bias().toArray();
      assertThat(layer.weight().shape()).containsExactly(oh * ow, oc, c * k * k);
      double[] expected = new double[n * oc * oh * ow];
      for (int img = 0; img < n; img++) {
        for (int o = 0; o < oc; o++) {
          for (int y = 0; y < oh; y++) {
            for (int z = 0; z < ow; z++) {
              int pos = y * ow + z;
              double sum = bias[(o * oh + y) * ow + z];
              for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < k; i++) {
                  for (int j = 0; j < k; j++) {
                    int row = y * s - p + i;
                    int col = z * s - p + j;
                    if (row >= 0 && row < h && col >= 0 && col < w) {
                      sum +=
                          (double) x[((img * c + ch) * h + row) * w + col]
                              * weight[(pos * oc + o) * c * k * k + (ch * k + i) * k + j];
                    }
                  }
                }
              }
              expected[((img * oc + o) * oh + y) * ow + z] = sum;
            }
          }
        }
      }
      Tensor y = layer.forward(Tensor.of(b, x, n, c, h, w));
      assertThat(y.shape()).containsExactly(n, oc, oh, ow);
      assertClose("locally connected", y.toArray(), expected, 1e-5);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void locallyConnectedGradients(String name) {
    Backend b = Backends.get(name);
    try (LocallyConnected2d layer =
        new LocallyConnected2d(2, 2, 4, 3, 2, 2, 0, LayerOptions.defaults().on(b).seed(3))) {
      GradientAssert.check(
          b, layer, GradientAssert.normal(2 * 2 * 4 * 3, 4), new int[] {2, 2, 4, 3}, 5);
    }
  }

  @Test
  void locallyConnectedShapesAndConfig() {
    try (LocallyConnected2d layer = new LocallyConnected2d(1, 4, 6, 6, 3, 1)) {
      assertThat(layer.outputShape(7, 1, 6, 6)).containsExactly(7, 4, 4, 4);
      // 16 positions, each with a 4 × 9 filter bank, plus a bias per output element
      assertThat(Summary.of(layer, 7, 1, 6, 6).totalParameters()).isEqualTo(16 * 4 * 9 + 4 * 16);
      assertThatThrownBy(() -> layer.outputShape(7, 1, 5, 6))
          .hasMessage(
              "LocallyConnected2d(1 -> 4, 3x3, s1, p0, input 6x6): input [7, 1, 5, 6] does not fit:"
                  + " its images are 5x6 but the layer was built for 6x6");
      try (var copy = StandardLayers.build(Backends.get(), layer.typeName(), layer.config())) {
        assertThat(copy.config()).isEqualTo(layer.config());
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void embeddingLooksUpRowsAndAddsGradients(String name) {
    Backend b = Backends.get(name);
    try (Embedding embedding = new Embedding(5, 3, LayerOptions.defaults().on(b).seed(6));
        TensorScope scope = TensorScope.open()) {
      float[] table = embedding.weight().toArray();
      Tensor indices = Tensor.of(b, new float[] {4, 0, 4, 2}, 2, 2);
      Tensor y = embedding.forward(indices);
      assertThat(y.shape()).containsExactly(2, 2, 3);
      float[] out = y.toArray();
      int[] idx = {4, 0, 4, 2};
      for (int i = 0; i < 4; i++) {
        for (int d = 0; d < 3; d++) {
          assertThat(out[i * 3 + d]).isEqualTo(table[idx[i] * 3 + d]);
        }
      }
      y.sum().backward();
      // row 4 was looked up twice, rows 0 and 2 once, rows 1 and 3 never
      assertThat(embedding.weight().grad().toArray())
          .containsExactly(1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2);
      assertThatThrownBy(() -> embedding.forward(Tensor.vector(b, 5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Embedding(5, 3): ")
          .hasMessageContaining("5");
    }
  }

  @Test
  void embeddingInitIsStandardNormal() {
    try (Embedding embedding = new Embedding(200, 100, LayerOptions.defaults().seed(7))) {
      float[] v = embedding.weight().toArray();
      double mean = 0;
      double sq = 0;
      for (float x : v) {
        mean += x;
        sq += (double) x * x;
      }
      mean /= v.length;
      // n = 20,000: standard errors 0.007 (mean) and 0.01 (variance); 5 of each
      assertThat(mean).isBetween(-0.035, 0.035);
      assertThat(sq / v.length).isBetween(0.95, 1.05);
      assertThat(embedding.outputShape(8, 10)).containsExactly(8, 10, 100);
    }
  }
}
