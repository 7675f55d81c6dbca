package dev.stratum.cli.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocCurveTest {

  @TempDir Path dir;

  @Test
  void areaIsTheShareOfAnomalyNormalPairsOrderedRight() {
    // anomalies score 0.9 and 0.7, normal samples 0.8 and 0.6: 3 of the 4 pairs are in order
    RocCurve roc =
        RocCurve.of(new double[] {0.9, 0.8, 0.7, 0.6}, new boolean[] {true, false, true, false});
    assertThat(roc.auc()).isEqualTo(0.75);
    assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 0.5, 0.5, 1);
    assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 0.5, 1, 1);
  }

  @Test
  void tiesCountHalfAndMakeOneDiagonalStep() {
    RocCurve roc = RocCurve.of(new double[] {0.5, 0.5}, new boolean[] {true, false});
    assertThat(roc.auc()).isEqualTo(0.5);
    assertThat(roc.falsePositiveRate()).containsExactly(0, 1);
    assertThat(roc.truePositiveRate()).containsExactly(0, 1);
  }

  @Test
  void perfectAndReversedScoresGiveOneAndZero() {
    boolean[] labels = {false, false, true, true, true};
    assertThat(RocCurve.of(new double[] {1, 2, 3, 4, 5}, labels).auc()).isEqualTo(1.0);
    assertThat(RocCurve.of(new double[] {5, 4, 3, 2, 1}, labels).auc()).isEqualTo(0.0);
  }

  @Test
  void areaMatchesTheMannWhitneyCountOnRandomScores() {
    java.util.Random random = new java.util.Random(7);
    int n = 301;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(3) == 0;
      scores[i] = Math.round((random.nextGaussian() + (labels[i] ? 1 : 0)) * 4) / 4.0; // ties
    }
    double pairs = 0;
    double count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (labels[i] && !labels[j]) {
          pairs++;
          count += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(RocCurve.of(scores, labels).auc()).isCloseTo(count / pairs, within(1e-12));
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> RocCurve.of(new double[] {1, 2}, new boolean[] {true, true}))
        .hasMessage("ROC curve: needs anomalous and normal samples, got 2 anomalous and 0 normal");
    assertThatThrownBy(() -> RocCurve.of(new double[] {1}, new boolean[] {true, false}))
        .hasMessage("ROC curve: 1 scores but 2 labels");
    assertThatThrownBy(() -> RocCurve.of(new double[] {1, Double.NaN}, new boolean[] {true, false}))
        .hasMessage("ROC curve: score 1 is NaN");
  }

  @Test
  void drawsTheCurveWithItsAreaInTheCaption() throws Exception {
    RocCurve roc =
        RocCurve.of(new double[] {0.9, 0.8, 0.7, 0.6}, new boolean[] {true, false, true, false});
    Picture picture = roc.draw("Anomaly scores", dir.resolve("roc.png"));
    assertThat(picture.caption()).contains("0.750");
    BufferedImage image = ImageIO.read(dir.resolve("roc.png").toFile());
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(PictureChecks.pixelsOf(image, Palette.TRAINING)).isGreaterThan(200);
  }
}
