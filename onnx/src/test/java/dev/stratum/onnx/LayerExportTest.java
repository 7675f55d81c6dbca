package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.layers.AvgPool2d;
import dev.stratum.layers.BatchNorm1d;
import dev.stratum.layers.BatchNorm2d;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.ConvTranspose2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Dropout;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.GlobalAvgPool2d;
import dev.stratum.layers.LayerNorm;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Padding2d;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.Size2d;
import dev.stratum.layers.Upsample2d;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.recurrent.TimeDistributed;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.TensorScope;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each supported layer of {@code stratum-layers} exported alone (or with the layer it needs around
 * it), accepted by the ONNX checker and run in ONNX Runtime at batch sizes 1 and 5, matching
 * Stratum's forward pass within {@link RoundTrip}'s tolerance.
 */
class LayerExportTest {

  @TempDir Path dir;

  private static LayerOptions options(long seed) {
    return LayerOptions.defaults().seed(seed).on(RoundTrip.backend());
  }

  @Test
  void denseOnMatricesIsOneGemm() {
    assertThat(RoundTrip.check(new Dense(6, 4, options(1)), new int[] {6}, dir)).isFinite();
  }

  @Test
  void denseWithoutBias() {
    RoundTrip.check(new Dense(6, 4, options(2).bias(false)), new int[] {6}, dir);
  }

  @Test
  void denseOnSequencesBroadcastsOverLeadingAxes() {
    RoundTrip.check(new Dense(5, 3, options(3)), new int[] {4, 5}, dir);
  }

  @Test
  void convolutionWithStrideAndPadding() {
    RoundTrip.check(new Conv2d(3, 4, 3, 2, 1, false, options(4)), new int[] {3, 9, 8}, dir);
  }

  @Test
  void convolutionWithoutBiasOrPadding() {
    RoundTrip.check(
        new Conv2d(2, 3, 2, 1, 0, false, options(5).bias(false)), new int[] {2, 5, 5}, dir);
  }

  @Test
  void transposedConvolutionWithOutputPadding() {
    RoundTrip.check(new ConvTranspose2d(3, 2, 3, 2, 1, 1, options(6)), new int[] {3, 4, 5}, dir);
  }

  @Test
  void transposedConvolutionPlain() {
    RoundTrip.check(new ConvTranspose2d(2, 2, 2, 1, 0, 0, options(7)), new int[] {2, 3, 3}, dir);
  }

  @Test
  void maxPoolingWithOverlapAndPadding() {
    RoundTrip.check(new MaxPool2d(3, 2, 1), new int[] {2, 7, 6}, dir);
    RoundTrip.check(new MaxPool2d(2), new int[] {2, 6, 6}, dir);
  }

  @Test
  void averagePoolingCountsPaddingInTheDivisor() {
    RoundTrip.check(new AvgPool2d(3, 2, 1), new int[] {2, 7, 6}, dir);
    RoundTrip.check(new AvgPool2d(2), new int[] {1, 4, 6}, dir);
  }

  @Test
  void convolutionWithRectangularKernelStrideAndPadding() {
    Conv2d c = Conv2d.builder(3, 4, 3, 5).stride(2, 1).padding(1, 2).options(options(20)).build();
    RoundTrip.check(c, new int[] {3, 9, 8}, dir);
  }

  @Test
  void convolutionWithDilation() {
    Conv2d c = Conv2d.builder(2, 3, 3).dilation(2, 3).padding(2, 1).options(options(21)).build();
    RoundTrip.check(c, new int[] {2, 9, 10}, dir);
    Conv2d.Builder strided =
        Conv2d.builder(2, 2, 2, 3).dilation(3, 1).stride(2).options(options(22));
    RoundTrip.check(strided.build(), new int[] {2, 8, 7}, dir);
  }

  @Test
  void groupedAndDepthwiseConvolutions() {
    RoundTrip.check(
        Conv2d.builder(4, 6, 3).groups(2).padding(1).options(options(23)).build(),
        new int[] {4, 6, 5},
        dir);
    // depthwise with a depth multiplier of 2, strided, without bias
    RoundTrip.check(
        Conv2d.builder(3, 6, 3).groups(3).stride(2).options(options(24).bias(false)).build(),
        new int[] {3, 7, 8},
        dir);
    RoundTrip.check(
        Conv2d.builder(3, 3, 3).groups(3).padding(Padding2d.SAME).options(options(25)).build(),
        new int[] {3, 5, 6},
        dir);
  }

  @Test
  void samePaddingWithAnEvenKernelPadsTheBottomAndRight() {
    Conv2d even = Conv2d.builder(2, 3, 4, 2).padding(Padding2d.SAME).options(options(26)).build();
    // top, bottom, left, right: the extra row and column after the input
    assertThat(even.paddingSides()).containsExactly(1, 2, 0, 1);
    RoundTrip.check(even, new int[] {2, 6, 7}, dir);
    Conv2d dilated =
        Conv2d.builder(2, 2, 2, 3)
            .padding(Padding2d.SAME)
            .dilation(3, 1)
            .options(options(27))
            .build();
    assertThat(dilated.paddingSides()).containsExactly(1, 2, 1, 1);
    RoundTrip.check(dilated, new int[] {2, 5, 6}, dir);
  }

  @Test
  void transposedConvolutionWithGroupsDilationAndRectangles() {
    ConvTranspose2d c =
        ConvTranspose2d.builder(4, 6, 3, 2)
            .stride(2, 1)
            .padding(1, 0)
            .outputPadding(1, 0)
            .dilation(1, 2)
            .groups(2)
            .options(options(28))
            .build();
    RoundTrip.check(c, new int[] {4, 4, 5}, dir);
    ConvTranspose2d.Builder depthwise =
        ConvTranspose2d.builder(3, 3, 3).groups(3).stride(2).dilation(2).options(options(29));
    RoundTrip.check(depthwise.build(), new int[] {3, 3, 4}, dir);
  }

  @Test
  void maxPoolingWithCeilModeAndDilation() {
    MaxPool2d p =
        new MaxPool2d(
            new MaxPool2d.Config(
                Size2d.of(3, 2), Size2d.of(2, 1), Size2d.of(1, 0), Size2d.of(2, 1), true));
    RoundTrip.check(p, new int[] {2, 8, 7}, dir);
    // ceil mode keeps a last window that starts inside the input and runs past it
    MaxPool2d ceil =
        new MaxPool2d(
            new MaxPool2d.Config(Size2d.of(2), Size2d.of(2), Size2d.of(0), Size2d.of(1), true));
    assertThat(ceil.outputShape(1, 1, 5, 5)).containsExactly(1, 1, 3, 3);
    RoundTrip.check(ceil, new int[] {2, 5, 5}, dir);
  }

  @Test
  void averagePoolingCeilModeTimesCountIncludePad() {
    for (boolean ceil : new boolean[] {false, true}) {
      for (boolean include : new boolean[] {false, true}) {
        // a 6-row input, kernel 3, stride 2, padding 1: in ceil mode the last window starts at
        // row 5 and runs one row past the bottom padding
        AvgPool2d padded =
            new AvgPool2d(
                new AvgPool2d.Config(Size2d.of(3), Size2d.of(2), Size2d.of(1), ceil, include));
        // ceil mode adds the window that starts on row 5
        assertThat(padded.outputShape(1, 2, 6, 7)).containsExactly(1, 2, ceil ? 4 : 3, 4);
        RoundTrip.check(padded, new int[] {2, 6, 7}, dir);
        // rectangular, no padding: the ceil-mode window past the input
        AvgPool2d rect =
            new AvgPool2d(
                new AvgPool2d.Config(Size2d.of(2, 3), Size2d.of(2), Size2d.of(0), ceil, include));
        assertThat(rect.outputShape(1, 1, 5, 8)).containsExactly(1, 1, ceil ? 3 : 2, ceil ? 4 : 3);
        RoundTrip.check(rect, new int[] {1, 5, 8}, dir);
      }
    }
  }

  @Test
  void globalAveragePoolingKeepingOrDroppingTheAxes() {
    GlobalAvgPool2d kept = new GlobalAvgPool2d(true);
    GlobalAvgPool2d dropped = new GlobalAvgPool2d(false);
    RoundTrip.check(kept, new int[] {3, 4, 5}, dir);
    RoundTrip.check(dropped, new int[] {3, 4, 5}, dir);
    RoundTrip.check(
        new Sequential(
            new Conv2d(2, 4, 3, 1, 1, false, options(30)), dropped, new Dense(4, 2, options(31))),
        new int[] {2, 5, 5},
        dir);
  }

  @Test
  void layerNormOverOneAndTwoTrailingAxes() {
    LayerNorm last = new LayerNorm(new int[] {5}, 1e-5, true, options(32));
    LayerNorm two = new LayerNorm(new int[] {4, 5}, 1e-5, true, options(33));
    // weight and bias away from their initial ones and zeros, so that an export ignoring them fails
    perturb(last);
    perturb(two);
    RoundTrip.check(last, new int[] {5}, dir, 0.5f, 2f);
    RoundTrip.check(last, new int[] {3, 5}, dir, 0.5f, 2f);
    RoundTrip.check(two, new int[] {4, 5}, dir, 0.5f, 2f);
    RoundTrip.check(two, new int[] {3, 4, 5}, dir, 0.5f, 2f);
  }

  @Test
  void layerNormWithoutAffineParameters() {
    LayerNorm last = new LayerNorm(new int[] {6}, 1e-3, false, options(34));
    LayerNorm two = new LayerNorm(new int[] {3, 4}, 1e-2, false, options(35));
    assertThat(last.parameters()).isEmpty();
    RoundTrip.check(last, new int[] {2, 6}, dir, 0.5f, 2f);
    RoundTrip.check(two, new int[] {2, 3, 4}, dir, 0.5f, 2f);
  }

  @Test
  void nearestUpsampling() {
    RoundTrip.check(new Upsample2d(2), new int[] {2, 3, 4}, dir);
    RoundTrip.check(new Upsample2d(3), new int[] {1, 2, 2}, dir);
  }

  @Test
  void bilinearUpsamplingAsPyTorchWithoutAlignedCorners() {
    RoundTrip.check(new Upsample2d(2, Upsample2d.Mode.BILINEAR), new int[] {2, 3, 4}, dir);
    RoundTrip.check(new Upsample2d(3, Upsample2d.Mode.BILINEAR), new int[] {1, 2, 5}, dir);
  }

  @Test
  void batchNormUsesTheRunningStatistics() {
    BatchNorm1d onFeatures = new BatchNorm1d(5);
    BatchNorm1d onSequences = new BatchNorm1d(3);
    BatchNorm2d onImages = new BatchNorm2d(3);
    warmUp(onFeatures, 8, 5);
    warmUp(onSequences, 8, 3, 4);
    warmUp(onImages, 8, 3, 4, 4);
    // the statistics moved away from (0, 1), so an export that ignored them would fail
    assertThat(onImages.runningMean().toArray()[0]).isNotEqualTo(0f);
    RoundTrip.check(onFeatures, new int[] {5}, dir, 0.5f, 2f);
    RoundTrip.check(onSequences, new int[] {3, 4}, dir, 0.5f, 2f);
    RoundTrip.check(onImages, new int[] {3, 4, 4}, dir, 0.5f, 2f);
  }

  @Test
  void batchNormWithoutAffineParameters() {
    BatchNorm2d plain = new BatchNorm2d(2, 0.1, 1e-3, false, options(8));
    warmUp(plain, 6, 2, 3, 3);
    RoundTrip.check(plain, new int[] {2, 3, 3}, dir, 0.5f, 2f);
  }

  @Test
  void dropoutIsTheIdentity() {
    Sequential model = new Sequential(new Dense(4, 4, options(9)), new Dropout(0.5));
    RoundTrip.check(model, new int[] {4}, dir);
  }

  @Test
  void flattenAndReshapeKeepTheBatchAxisFree() {
    RoundTrip.check(new Flatten(), new int[] {2, 3, 4}, dir);
    RoundTrip.check(new Reshape(4, -1), new int[] {2, 3, 4}, dir);
    RoundTrip.check(new Reshape(24), new int[] {2, 3, 4}, dir);
  }

  @Test
  void everyActivation() {
    List<Activation> all =
        List.of(
            new Activation.ReLU(),
            new Activation.LeakyReLU(0.2),
            new Activation.ELU(0.7),
            new Activation.Sigmoid(),
            new Activation.Tanh(),
            new Activation.Softmax(),
            new Activation.Softmax(1),
            new Activation.Softplus(),
            new Activation.GELU(Activation.GELU.Approximation.TANH),
            new Activation.GELU(Activation.GELU.Approximation.NONE),
            new Activation.Identity());
    for (Activation a : all) {
      // inputs spread over [-6, 6] reach both tails of the saturating functions
      RoundTrip.check(a, new int[] {3, 7}, dir, 0f, 3f);
    }
  }

  @Test
  void nestedSequentialKeepsItsParameterNames() {
    Sequential inner = new Sequential(new Dense(4, 6, options(10)), new Activation.Tanh());
    Sequential model = new Sequential(inner, new Dense(6, 2, options(11)));
    RoundTrip.check(model, new int[] {4}, dir);
    assertThat(model.parameters()).containsKeys("0.0.weight", "1.bias");
  }

  @Test
  void timeDistributedFoldsTimeIntoTheBatch() {
    Layer model =
        new TimeDistributed(new Sequential(new Dense(3, 4, options(12)), new Activation.ReLU()));
    RoundTrip.check(model, new int[] {5, 3}, dir);
  }

  /** Draws a layer's parameters from N(0.3, 1), replacing their initial values. */
  private static void perturb(Layer layer) {
    Generator random = new Generator(7);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      for (var p : layer.parameters().values()) {
        p.copyFrom(random.normal(RoundTrip.backend(), 0.3f, 1f, p.shape()));
      }
    }
  }

  /** A few training-mode passes, so that the running statistics are not their initial values. */
  private static void warmUp(Layer norm, int... shape) {
    Generator random = new Generator(99);
    norm.train(true);
    for (int i = 0; i < 3; i++) {
      try (TensorScope scope = TensorScope.open();
          NoGrad off = Autograd.noGrad()) {
        norm.forward(random.normal(RoundTrip.backend(), 0.7f, 1.5f, shape));
      }
    }
  }
}
