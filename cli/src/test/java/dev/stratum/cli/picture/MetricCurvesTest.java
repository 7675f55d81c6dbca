package dev.stratum.cli.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricCurvesTest {

  @TempDir Path dir;

  private static Map<String, Double> epoch(double loss, double valLoss, double accuracy) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    m.put("val_loss", valLoss);
    m.put("val_accuracy", accuracy - 0.01);
    m.put("seconds", 1.5);
    return m;
  }

  @Test
  void oneChartPerMetricWithTrainingAndValidationLines() throws Exception {
    List<Map<String, Double>> history =
        List.of(epoch(2.0, 1.5, 0.5), epoch(0.9, 1.0, 0.7), epoch(0.5, 0.8, 0.8));
    List<Picture> pictures = MetricCurves.draw(history, m -> "the " + m, dir);
    assertThat(pictures)
        .extracting(Picture::file)
        .containsExactly("curve-loss.png", "curve-accuracy.png");
    assertThat(pictures.get(0).title()).isEqualTo("Loss per epoch");
    assertThat(pictures.get(0).caption()).contains("lowest 0.8 at epoch 3");
    assertThat(pictures.get(1).caption()).contains("highest 0.79 at epoch 3");
    BufferedImage loss = ImageIO.read(dir.resolve("curve-loss.png").toFile());
    assertThat(loss.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(loss.getHeight()).isEqualTo(Charts.HEIGHT);
    assertThat(PictureChecks.pixelsOf(loss, Palette.TRAINING)).isGreaterThan(300);
    assertThat(PictureChecks.pixelsOf(loss, Palette.VALIDATION)).isGreaterThan(300);
  }

  @Test
  void aSingleEpochStillShowsItsPoints() throws Exception {
    MetricCurves.draw(List.of(epoch(0.3, 0.4, 0.9)), m -> m, dir);
    BufferedImage image = ImageIO.read(dir.resolve("curve-loss.png").toFile());
    assertThat(PictureChecks.pixelsOf(image, Palette.TRAINING)).isGreaterThan(30);
  }

  @Test
  void theValueAxisIsLogarithmicOnlyForPositiveValuesSpanningAFactorOfTen() {
    assertThat(MetricCurves.logScale(new double[] {2.3, 0.2})).isTrue();
    assertThat(MetricCurves.logScale(new double[] {2.3, 0.3})).isFalse();
    assertThat(MetricCurves.logScale(new double[] {2.3, 0.0})).isFalse();
    assertThat(MetricCurves.logScale(new double[] {2.3, Double.NaN}, new double[] {0.1})).isTrue();
  }

  @Test
  void metricsAreTheColumnsWithoutValidationFormsAndTime() {
    assertThat(MetricCurves.metrics(List.of(epoch(1, 1, 0.5)))).containsExactly("loss", "accuracy");
  }

  @Test
  void numbersKeepTheLeadingZeroAndFourSignificantDigits() {
    assertThat(Format.significant(0.08)).isEqualTo("0.08");
    assertThat(Format.significant(0.0123456)).isEqualTo("0.01235");
    assertThat(Format.significant(150)).isEqualTo("150");
    assertThat(Format.significant(0)).isEqualTo("0");
  }
}
