package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The window options of Conv2d, ConvTranspose2d and the pooling layers, and LayerNorm: gradients
 * against central finite differences ({@link GradientAssert}'s step and tolerance), how the options
 * are written to and read from architecture JSON (old configs included), and the messages of bad
 * options. Values against PyTorch are in {@link WindowLayersPyTorchTest}.
 */
class WindowOptionsTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void gradientsMatchFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(3);
    List<Object[]> cases =
        List.of(
            new Object[] {
              Conv2d.builder(4, 6, 2, 3)
                  .padding(Padding2d.SAME)
                  .dilation(1, 2)
                  .groups(2)
                  .options(o)
                  .build(),
              new int[] {2, 4, 5, 6}
            },
            new Object[] {
              Conv2d.builder(3, 3, 3).stride(2, 1).padding(1, 0).groups(3).options(o).build(),
              new int[] {1, 3, 6, 5}
            },
            new Object[] {
              ConvTranspose2d.builder(4, 2, 3, 2)
                  .stride(2, 1)
                  .padding(1, 0)
                  .outputPadding(1, 0)
                  .dilation(1, 2)
                  .groups(2)
                  .options(o)
                  .build(),
              new int[] {2, 4, 3, 3}
            },
            new Object[] {
              new AvgPool2d(
                  new AvgPool2d.Config(Size2d.of(3), Size2d.of(2), Size2d.of(1), true, false)),
              new int[] {1, 2, 6, 5}
            },
            new Object[] {
              new MaxPool2d(
                  new MaxPool2d.Config(
                      Size2d.of(2, 3), Size2d.of(2), Size2d.of(1), Size2d.of(2, 1), true)),
              new int[] {1, 2, 7, 6}
            },
            new Object[] {new GlobalAvgPool2d(), new int[] {2, 3, 3, 4}},
            new Object[] {new LayerNorm(new int[] {3, 4}, 1e-5, true, o), new int[] {2, 3, 4}});
    long seed = 1;
    for (Object[] c : cases) {
      try (Layer layer = (Layer) c[0]) {
        int[] shape = (int[]) c[1];
        int size = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        // max pooling needs inputs away from ties; the others take normal values
        float[] input =
            layer instanceof MaxPool2d
                ? GradientAssert.distinct(size, seed)
                : GradientAssert.normal(size, seed);
        GradientAssert.check(b, layer, input, shape, seed++);
      }
    }
  }

  @Test
  void samePaddingPutsAnEvenKernelsExtraRowAfterTheInput() {
    try (Conv2d odd = Conv2d.builder(1, 1, 3).padding(Padding2d.SAME).build();
        Conv2d even = Conv2d.builder(1, 1, 4, 2).padding(Padding2d.SAME).build();
        Conv2d dilated =
            Conv2d.builder(1, 1, 4, 2).padding(Padding2d.SAME).dilation(1, 3).build()) {
      assertThat(odd.paddingSides()).containsExactly(1, 1, 1, 1);
      // total d·(k - 1): 3 rows (1 above, 2 below) and 1 column (0 left, 1 right)
      assertThat(even.paddingSides()).containsExactly(1, 2, 0, 1);
      assertThat(dilated.paddingSides()).containsExactly(1, 2, 1, 2);
      assertThat(even.outputShape(2, 1, 7, 5)).containsExactly(2, 1, 7, 5);
    }
  }

  @Test
  void samePaddingMatchesHandPaddedValidConvolution() {
    // an even kernel with 'same' equals a valid convolution of the input padded 1 above, 2 below
    Backend b = Backends.get();
    try (Conv2d same =
            Conv2d.builder(1, 1, 4, 1)
                .padding(Padding2d.SAME)
                .options(LayerOptions.defaults().on(b).bias(false))
                .build();
        TensorScope scope = TensorScope.open()) {
      float[] w = {1, 10, 100, 1000};
      try (NoGrad ignored = Autograd.noGrad()) {
        same.weight().copyFrom(Tensor.of(b, w, 1, 1, 4, 1));
      }
      float[] x = {1, 2, 3};
      float[] y = same.forward(Tensor.of(b, x, 1, 1, 3, 1)).toArray();
      // padded column [0, 1, 2, 3, 0, 0]; y[i] = Σ_k w[k]·padded[i + k] (2 rows above and 1
      // below would give 2100 first)
      assertThat(y).containsExactly(3210f, 321f, 32f);
    }
  }

  @Test
  void optionsRoundTripThroughJsonAndOldConfigsStillLoad() throws Exception {
    Backend b = Backends.get();
    try (Conv2d conv =
        Conv2d.builder(4, 6, 3, 2).padding(Padding2d.SAME).dilation(2, 1).groups(2).build()) {
      String json = JSON.std.asString(conv.config());
      assertThat(json)
          .contains("\"kernel\":[3,2]")
          .contains("\"padding\":\"same\"")
          .contains("\"dilation\":[2,1]")
          .contains("\"groups\":2");
      try (Layer copy = StandardLayers.build(b, "conv2d", JSON.std.mapFrom(json))) {
        assertThat(JSON.std.asString(copy.config())).isEqualTo(json);
        assertThat(copy.parameters().get("weight").shape()).containsExactly(6, 2, 3, 2);
      }
    }
    // a config written before the options existed: square ints, no dilation or groups
    Map<String, Object> old =
        JSON.std.mapFrom(
            "{\"inChannels\":2,\"outChannels\":3,\"kernel\":3,\"stride\":2,\"padding\":1,"
                + "\"strictGeometry\":false,\"bias\":true}");
    try (Layer conv = StandardLayers.build(b, "conv2d", old)) {
      assertThat(conv.outputShape(1, 2, 7, 7)).containsExactly(1, 3, 4, 4);
      assertThat(conv.config())
          .containsEntry("kernel", 3)
          .containsEntry("padding", 1)
          .containsEntry("dilation", 1)
          .containsEntry("groups", 1);
    }
    try (Layer pool =
        StandardLayers.build(b, "avg_pool2d", Map.of("kernel", 3, "stride", 2, "padding", 1))) {
      assertThat(pool.config())
          .containsEntry("ceilMode", false)
          .containsEntry("countIncludePad", true);
    }
    try (Layer pool =
        StandardLayers.build(
            b,
            "max_pool2d",
            Map.of("kernel", List.of(2, 3), "padding", List.of(1, 0), "ceilMode", true))) {
      assertThat(pool.config()).containsEntry("stride", List.of(2, 3));
      assertThat(pool.outputShape(1, 1, 6, 7)).containsExactly(1, 1, 4, 3);
    }
    try (Layer conv =
        StandardLayers.build(
            b,
            "conv2d",
            Map.of("inChannels", 1, "outChannels", 1, "kernel", 3, "padding", "valid"))) {
      assertThat(conv.config()).containsEntry("padding", 0);
    }
  }

  @Test
  void badOptionsAreRefusedWithTheirValues() {
    assertThatThrownBy(() -> Conv2d.builder(2, 2, 3).dilation(0, 1).build())
        .hasMessage("Conv2d: dilation must be at least 1, got 0x1");
    assertThatThrownBy(() -> Conv2d.builder(4, 6, 3).groups(3).build())
        .hasMessage("Conv2d: groups 3 must divide both inChannels 4 and outChannels 6");
    assertThatThrownBy(() -> Conv2d.builder(4, 6, 3).groups(0).build())
        .hasMessage("Conv2d: groups must be at least 1, got 0");
    assertThatThrownBy(() -> Conv2d.builder(2, 2, 3).padding(Padding2d.SAME).stride(2, 1).build())
        .hasMessage(
            "Conv2d: padding 'same' needs stride 1 (PyTorch refuses it for strided"
                + " convolutions), got stride 2x1");
    assertThatThrownBy(() -> Conv2d.builder(2, 2, 3, 0).build())
        .hasMessage("Conv2d: kernel must be at least 1, got 3x0");
    assertThatThrownBy(() -> Conv2d.builder(2, 2, 3).padding(-1, 0).build())
        .hasMessage("Conv2d: padding must not be negative, got -1x0");
    assertThatThrownBy(() -> ConvTranspose2d.builder(4, 6, 3).groups(4).build())
        .hasMessage("ConvTranspose2d: groups 4 must divide both inChannels 4 and outChannels 6");
    assertThatThrownBy(
            () -> ConvTranspose2d.builder(2, 2, 3).stride(2, 1).outputPadding(0, 1).build())
        .hasMessage("ConvTranspose2d: outputPadding must be in [0, stride 2x1), got 0x1");
    assertThatThrownBy(() -> ConvTranspose2d.builder(2, 2, 3).dilation(1, 0).build())
        .hasMessage("ConvTranspose2d: dilation must be at least 1, got 1x0");
    assertThatThrownBy(
            () ->
                new MaxPool2d(
                    new MaxPool2d.Config(Size2d.of(3), null, Size2d.of(0), Size2d.of(0), false)))
        .hasMessage("MaxPool2d: dilation must be at least 1, got 0");
    // at most half the kernel on each axis: 1 of 2 rows and 2 of 4 columns is allowed
    AvgPool2d allowed =
        new AvgPool2d(new AvgPool2d.Config(Size2d.of(2, 4), null, Size2d.of(1, 2), false, true));
    assertThat(allowed.paddings()).isEqualTo(Size2d.of(1, 2));
    assertThatThrownBy(
            () ->
                new AvgPool2d(
                    new AvgPool2d.Config(Size2d.of(2, 4), null, Size2d.of(2, 1), false, true)))
        .hasMessage("AvgPool2d: padding 2x1 must be at most half the kernel 2x4");
    assertThatThrownBy(() -> new LayerNorm(new int[0], 1e-5, true, LayerOptions.defaults()))
        .hasMessage("LayerNorm: normalizedShape must name at least one axis");
    assertThatThrownBy(() -> new LayerNorm(new int[] {3}, 0, true, LayerOptions.defaults()))
        .hasMessage("LayerNorm: eps must be positive, got 0.0");
    Backend b = Backends.get();
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    b,
                    "conv2d",
                    Map.of("inChannels", 1, "outChannels", 1, "kernel", 3, "padding", "full")))
        .hasMessage(
            "conv2d: config 'padding' must be a whole number, [height, width], 'same' or 'valid',"
                + " got 'full'");
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    b, "conv2d", Map.of("inChannels", 1, "outChannels", 1, "kernel", List.of(3))))
        .hasMessage(
            "conv2d: config 'kernel' must be a whole number or [height, width], got a list of 1");
  }

  @Test
  void shapesThatDoNotFitNameTheLayerAndTheInput() {
    try (Conv2d dilated = Conv2d.builder(1, 1, 3).dilation(3).build();
        LayerNorm norm = new LayerNorm(3, 4)) {
      assertThatThrownBy(() -> dilated.outputShape(1, 1, 6, 9))
          .hasMessage(
              "Conv2d(1 -> 1, 3x3, s1, p0, d3): input [1, 1, 6, 9] does not fit: the kernel 3"
                  + " with dilation 3 spans 7, which is larger than the padded height 6 + 0 + 0"
                  + " = 6");
      assertThatThrownBy(() -> norm.outputShape(2, 4, 3))
          .hasMessage(
              "LayerNorm([3, 4]): input [2, 4, 3] does not fit: its trailing axes must be the"
                  + " normalized shape [3, 4]");
    }
  }
}
