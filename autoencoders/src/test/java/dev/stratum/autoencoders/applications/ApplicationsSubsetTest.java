package dev.stratum.autoencoders.applications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.autoencoders.Noise;
import dev.stratum.backend.Backends;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.testing.FashionSubset;
import org.junit.jupiter.api.Test;

/**
 * The five applications on the shipped subset (1,000 training images, 200 test images), on the
 * default backend: the models are the kinds that {@code SubsetTrainingTest} trains on every backend
 * (where the backends agree to about 1e-5), and the measures are host code, so one backend is
 * enough here and saves minutes. Thresholds come from the measured runs quoted at each test (vector
 * backend, 2-core machine), with room below them; chance levels are stated beside them. The same
 * methods on full Fashion-MNIST give the module README's figures ({@code FullFashionFigures}).
 */
class ApplicationsSubsetTest {

  private static Dataset train() {
    return FashionSubset.load().train().withInputShape(784);
  }

  private static Dataset test() {
    return FashionSubset.load().test().withInputShape(784);
  }

  private static Applications apps(int epochs) {
    return new Applications(Backends.get(), 128, epochs, 50, 1);
  }

  /**
   * Bags (class 8) are the anomalies, the nine other classes normal; scored on the 200 test images
   * (20 bags). Measured: AUC 0.928, mean error 0.047 (normal) and 0.101 (bags). (Other classes as
   * the anomaly gave 0.53 to 0.83.)
   */
  @Test
  void anomaliesScoreHigherReconstructionErrors() {
    assertThat(FashionMnist.CLASSES.get(ANOMALY)).isEqualTo("Bag");
    Applications.Anomaly a = apps(5).anomalyDetection(train(), test(), ANOMALY);
    System.out.printf("anomaly detection on the subset: %s%n", a);
    assertThat(a.auc()).isGreaterThan(0.85); // chance: 0.5
    assertThat(a.anomalousError()).isGreaterThan(a.normalError());
  }

  /** Gaussian noise σ = 0.3. Measured: 10.47 dB noisy, 13.73 dB denoised, after 5 epochs. */
  @Test
  void aDenoisingAutoencoderRaisesThePsnr() {
    Applications.Denoising d = apps(5).denoising(train(), test(), Noise.gaussian(0.3, 5));
    System.out.printf("denoising on the subset: %s%n", d);
    assertThat(d.denoisedPsnr()).isGreaterThan(d.noisyPsnr() + 3);
  }

  /** k = 5. Measured after 10 epochs: 0.580 for the autoencoder's code, 0.535 for PCA. */
  @Test
  void twoDimensionalCodesKeepClassesApart() {
    Applications.Visualisation v = apps(10).visualisation(train(), test(), 5);
    System.out.printf("2-D visualisation on the subset: %s%n", v);
    assertThat(v.autoencoderAccuracy()).isGreaterThan(0.4); // chance: 0.1
    assertThat(v.pcaAccuracy()).isGreaterThan(0.4);
  }

  /**
   * 16 bits, precision at 20. Measured after 10 epochs: 0.398 for the autoencoder's thresholded
   * sigmoid code, 0.517 for the signs of 16 principal components: on 1,000 images the plain
   * autoencoder's code is not binary enough to beat PCA's bits.
   */
  @Test
  void binaryCodesRetrieveTheSameClass() {
    Applications.Hashing h = apps(10).hashing(train(), test(), 16, 20);
    System.out.printf("semantic hashing on the subset: %s%n", h);
    assertThat(h.autoencoderPrecision()).isGreaterThan(0.3); // chance: 0.1
    assertThat(h.pcaPrecision()).isGreaterThan(0.3);
  }

  /** 10 labels per class. Measured: 0.70 on the 64-unit codes and 0.70 on the pixels. */
  @Test
  void codesAreFeaturesForAClassifier() {
    Applications.FewLabels f = apps(5).features(train(), test(), 10);
    System.out.printf("few labels on the subset: %s%n", f);
    assertThat(f.codeAccuracy()).isGreaterThan(0.4); // chance: 0.1
    assertThat(f.pixelAccuracy()).isGreaterThan(0.4);
  }

  static final int ANOMALY = 8;
}
