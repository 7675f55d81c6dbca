package dev.stratum.layers;

import static dev.stratum.layers.GradientAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.Activation;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ConvTranspose2d and Upsample2d: forward against loops and hand values, gradients, shapes. */
class DecoderLayersTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  /** Each input pixel scatters its kernel-weighted value over the output, in double. */
  private static double[] naiveTransposed(
      float[] x,
      int n,
      int ic,
      int h,
      int w,
      float[] weight,
      float[] bias,
      int oc,
      int k,
      int s,
      int p,
      int op) {
    int oh = (h - 1) * s - 2 * p + k + op;
    int ow = (w - 1) * s - 2 * p + k + op;
    double[] out = new double[n * oc * oh * ow];
    for (int img = 0; img < n; img++) {
      for (int o = 0; o < oc; o++) {
        for (int i = 0; i < oh * ow; i++) {
          out[(img * oc + o) * oh * ow + i] = bias == null ? 0 : bias[o];
        }
      }
      for (int c = 0; c < ic; c++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double v = x[((img * ic + c) * h + i) * w + j];
            for (int o = 0; o < oc; o++) {
              for (int a = 0; a < k; a++) {
                for (int bb = 0; bb < k; bb++) {
                  int y = i * s - p + a;
                  int z = j * s - p + bb;
                  if (y >= 0 && y < oh && z >= 0 && z < ow) {
                    out[((img * oc + o) * oh + y) * ow + z] +=
                        v * weight[((c * oc + o) * k + a) * k + bb];
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void convTransposeMatchesANaiveScatter(String name) {
    Backend b = Backends.get(name);
    int[][] configs = {{2, 1, 1}, {1, 0, 0}, {3, 1, 2}, {2, 0, 0}};
    for (int[] c : configs) {
      int s = c[0];
      int p = c[1];
      int op = c[2];
      try (ConvTranspose2d layer =
              new ConvTranspose2d(3, 2, 3, s, p, op, LayerOptions.defaults().on(b).seed(s + p));
          TensorScope scope = TensorScope.open()) {
        float[] x = GradientAssert.normal(2 * 3 * 4 * 3, 1);
        Tensor y = layer.forward(Tensor.of(b, x, 2, 3, 4, 3));
        double[] expected =
            naiveTransposed(
                x, 2, 3, 4, 3, layer.weight().toArray(), layer.bias().toArray(), 2, 3, s, p, op);
        int oh = 3 * s - 2 * p + 3 + op;
        int ow = 2 * s - 2 * p + 3 + op;
        assertThat(y.shape()).containsExactly(2, 2, oh, ow);
        assertThat(layer.outputShape(2, 3, 4, 3)).containsExactly(2, 2, oh, ow);
        assertClose("convTranspose " + layer, y.toArray(), expected, 1e-5);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void convTransposeGradients(String name) {
    Backend b = Backends.get(name);
    try (ConvTranspose2d layer =
        new ConvTranspose2d(2, 3, 3, 2, 1, 1, LayerOptions.defaults().on(b).seed(2))) {
      GradientAssert.check(
          b, layer, GradientAssert.normal(2 * 2 * 3 * 3, 3), new int[] {2, 2, 3, 3}, 4);
    }
  }

  @Test
  void convTransposeInitUsesPyTorchFanIn() {
    try (ConvTranspose2d layer = new ConvTranspose2d(32, 16, 3, 2, 1, 1)) {
      assertThat(layer.weight().shape()).containsExactly(32, 16, 3, 3);
      double bound = 1 / Math.sqrt(16 * 9); // fan_in = out·k², not in·k²
      float max = 0;
      for (float v : layer.weight().toArray()) {
        max = Math.max(max, Math.abs(v));
      }
      assertThat((double) max).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
      for (float v : layer.bias().toArray()) {
        assertThat((double) Math.abs(v)).isLessThanOrEqualTo(bound);
      }
    }
  }

  @Test
  void convolutionalAutoencoderOfTheWorkloadsRestoresTheShape() {
    try (Sequential model =
        new Sequential(
            new Conv2d(1, 16, 3, 2, 1),
            new Activation.ReLU(),
            new Conv2d(16, 32, 3, 2, 1),
            new Activation.ReLU(),
            new ConvTranspose2d(32, 16, 3, 2, 1, 1),
            new Activation.ReLU(),
            new ConvTranspose2d(16, 1, 3, 2, 1, 1),
            new Activation.Sigmoid())) {
      assertThat(Summary.of(model, 128, 1, 28, 28).rows().get(2).outputShape())
          .containsExactly(128, 32, 7, 7);
      assertThat(model.outputShape(128, 1, 28, 28)).containsExactly(128, 1, 28, 28);
    }
    assertThatThrownBy(() -> new ConvTranspose2d(2, 2, 3, 2, 0, 2))
        .hasMessage("ConvTranspose2d: outputPadding must be in [0, stride 2), got 2");
    try (ConvTranspose2d layer = new ConvTranspose2d(2, 2, 1, 1, 1, 0)) {
      assertThatThrownBy(() -> layer.outputShape(1, 2, 2, 2))
          .hasMessage(
              "ConvTranspose2d(2 -> 2, 1x1, s1, p1, op0): input [1, 2, 2, 2] does not fit: (in -"
                  + " 1)·stride - 2·padding + dilation·(kernel - 1) + outputPadding + 1 gives an"
                  + " empty output 0x0");
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void upsampleNearestAndBilinear(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open();
        Upsample2d bilinear = new Upsample2d(2, Upsample2d.Mode.BILINEAR)) {
      Tensor x = Tensor.of(b, new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
      assertThat(new Upsample2d(2).forward(x).toArray())
          .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
      // PyTorch: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
      double[] expected = {
        1.0, 1.25, 1.75, 2.0, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3.0, 3.25, 3.75, 4.0
      };
      Tensor y = bilinear.forward(x);
      assertThat(y.shape()).containsExactly(1, 1, 4, 4);
      assertClose("bilinear", y.toArray(), expected, 1e-6);
      // a second size rebuilds the cached matrices; rows of 3 pixels at scale 3
      Tensor row = Tensor.of(b, new float[] {0, 3, 6}, 1, 1, 1, 3);
      try (Upsample2d three = new Upsample2d(3, Upsample2d.Mode.BILINEAR)) {
        assertClose(
            "bilinear x3",
            three.forward(row).toArray(),
            // one input row becomes three equal rows
            new double[] {
              0, 0, 1, 2, 3, 4, 5, 6, 6, 0, 0, 1, 2, 3, 4, 5, 6, 6, 0, 0, 1, 2, 3, 4, 5, 6, 6
            },
            1e-6);
      }
    }
    try (Upsample2d bilinear = new Upsample2d(2, Upsample2d.Mode.BILINEAR)) {
      int[] shape = {2, 2, 2, 3};
      GradientAssert.check(b, bilinear, GradientAssert.normal(24, 1), shape, 2);
      GradientAssert.check(b, new Upsample2d(3), GradientAssert.normal(24, 3), shape, 4);
    }
    assertThat(new Upsample2d(2).outputShape(5, 3, 7, 7)).containsExactly(5, 3, 14, 14);
    assertThatThrownBy(() -> new Upsample2d(0))
        .hasMessage("Upsample2d: scale must be at least 1, got 0");
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    Backends.get(), "upsample2d", java.util.Map.of("scale", 2, "mode", "cubic")))
        .hasMessage("upsample2d: mode must be 'nearest' or 'bilinear', got 'cubic'");
  }
}
