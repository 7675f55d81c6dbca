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
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
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
