package dev.stratum.cli.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeMapTest {

  @TempDir Path dir;

  @Test
  void eachClassIsDrawnInItsOwnColour() throws Exception {
    int n = 300;
    double[] x = new double[n];
    double[] y = new double[n];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      classes[i] = i % 3;
      x[i] = classes[i] * 10 + Math.sin(i);
      y[i] = Math.cos(i);
    }
    Path file = dir.resolve("codes.png");
    CodeMap.draw("t", "x", "y", x, y, classes, List.of("a", "b", "c", "unused"), file);
    BufferedImage image = ImageIO.read(file.toFile());
    for (int c = 0; c < 3; c++) {
      assertThat(PictureChecks.pixelsOf(image, Palette.category(c)))
          .as("class " + c)
          .isGreaterThan(200);
    }
    // a class without points gets neither points nor a legend entry
    assertThat(PictureChecks.pixelsOf(image, Palette.category(3))).isZero();
  }

  @Test
  void pointsNeedEveryCoordinateAndAClass() {
    assertThatThrownBy(
            () ->
                CodeMap.draw(
                    "t",
                    "x",
                    "y",
                    new double[2],
                    new double[2],
                    new int[1],
                    List.of("a"),
                    dir.resolve("x.png")))
        .hasMessage("code map: 2 x values, 2 y values and 1 classes; each point needs one of each");
  }
}
