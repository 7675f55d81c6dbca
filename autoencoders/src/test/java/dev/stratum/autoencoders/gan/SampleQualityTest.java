package dev.stratum.autoencoders.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality measure and the image grid on values worked by hand. */
class SampleQualityTest {

  /**
   * Four samples over three classes: (0.95, 0.03, 0.02) and (0.05, 0.92, 0.03) are confident at
   * 0.9, (0.5, 0.4, 0.1) and (0.1, 0.1, 0.8) are not. Share ½; the confident ones split 1:1 over
   * classes 0 and 1, so H = ln 2 and the spread is ln 2 / ln 3.
   */
  @Test
  void shareAndSpreadMatchHandWorkedValues() {
    float[] p = {0.95f, 0.03f, 0.02f, 0.05f, 0.92f, 0.03f, 0.5f, 0.4f, 0.1f, 0.1f, 0.1f, 0.8f};
    SampleQuality q = SampleQuality.fromProbabilities(p, 3, 0.9);
    assertThat(q.samples()).isEqualTo(4);
    assertThat(q.confidentShare()).isEqualTo(0.5);
    assertThat(q.confidentPerClass()).containsExactly(1, 1, 0);
    assertThat(q.predictedPerClass()).containsExactly(2, 1, 1);
    assertThat(q.spread()).isCloseTo(Math.log(2) / Math.log(3), within(1e-12));
    SampleQuality collapsed =
        SampleQuality.fromProbabilities(new float[] {0.99f, 0.01f, 0, 0.97f, 0.02f, 0.01f}, 3, 0.9);
    assertThat(collapsed.confidentShare()).isEqualTo(1.0);
    assertThat(collapsed.spread()).isZero();
  }

  /** Through a classifier: logits from a Dense layer with weights set by hand. */
  @Test
  void measuringRunsTheClassifierAndItsSoftmax() {
    Backend b = Backends.get("vector");
    try (Dense classifier = new Dense(2, 2, LayerOptions.defaults().on(b).seed(1));
        TensorScope scope = TensorScope.open()) {
      dev.stratum.autoencoders.vae.CentralDifferences.set(
          classifier.weight(), new float[] {1, 0, 0, 1});
      dev.stratum.autoencoders.vae.CentralDifferences.set(classifier.bias(), new float[] {0, 0});
      // logits (4, 0): p = 0.982 (confident); (0, 1): p = 0.731 (not)
      SampleQuality q =
          SampleQuality.measure(classifier, Tensor.of(b, new float[] {4, 0, 0, 1}, 2, 2), 0.9);
      assertThat(q.confidentPerClass()).containsExactly(1, 0);
      assertThat(q.predictedPerClass()).containsExactly(1, 1);
      assertThat(classifier.isTraining()).isTrue();
      assertThatThrownBy(() -> SampleQuality.measure(classifier, Tensor.zeros(b, 1, 2), 1.5))
          .hasMessage("SampleQuality: the confidence threshold must be in (0, 1], got 1.5");
    }
  }

  /** Two 2×2 images, two columns, scale 2: tiles of 4×4 pixels with 2-pixel mid-grey gaps. */
  @Test
  void theGridPlacesEachImageInItsTile(@TempDir Path dir) throws Exception {
    Backend b = Backends.get("vector");
    try (TensorScope scope = TensorScope.open()) {
      Tensor images =
          Tensor.of(b, new float[] {0, 1, 0.5f, 2, -1, Float.NaN, 0.25f, 1}, 2, 1, 2, 2);
      Path file = dir.resolve("grid.png");
      ImageGrid.write(images, 2, 2, 2, 2, file);
      BufferedImage png = ImageIO.read(file.toFile());
      assertThat(png.getWidth()).isEqualTo(2 * (4 + 2) + 2);
      assertThat(png.getHeight()).isEqualTo(4 + 2 + 2);
      var r = png.getRaster();
      assertThat(r.getSample(0, 0, 0)).isEqualTo(0x80); // gap
      assertThat(r.getSample(2, 2, 0)).isEqualTo(0); // image 0, pixel (0, 0)
      assertThat(r.getSample(5, 3, 0)).isEqualTo(255); // image 0, pixel (0, 1)
      assertThat(r.getSample(2, 4, 0)).isEqualTo(128); // 0.5 → 127.5 rounds to 128
      assertThat(r.getSample(4, 5, 0)).isEqualTo(255); // 2 clamps to 255
      assertThat(r.getSample(8, 2, 0)).isEqualTo(0); // image 1: −1 clamps to 0
      assertThat(r.getSample(10, 2, 0)).isEqualTo(0); // NaN is black
      assertThat(r.getSample(8, 4, 0)).isEqualTo(64); // 0.25 → 63.75 → 64
    }
  }
}
