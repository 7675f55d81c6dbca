package dev.stratum.cli.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {

  /** A 4×4 image whose pixel (y, x) is {@code value}, others 0. */
  private static float[] dot(int y, int x, float value) {
    float[] pixels = new float[16];
    pixels[y * 4 + x] = value;
    return pixels;
  }

  @Test
  void eachCellShowsItsImageScaledWithGreysFromZeroBlackToOneWhite() {
    float[][][] cells = {{dot(0, 0, 1f), dot(1, 2, 0.5f)}, {dot(3, 3, 2f), dot(0, 0, -1f)}};
    BufferedImage image =
        ImageGrid.draw("title", List.of("a", "b"), List.of("one", "two"), cells, 4, 4);
    ImageGrid.Layout at =
        ImageGrid.Layout.of("title", List.of("a", "b"), List.of("one", "two"), 2, 2, 4, 4);
    assertThat(image.getWidth()).isEqualTo(at.imageWidth());
    // each source pixel is a 3×3 block
    assertThat(grey(image, at.x(0), at.y(0))).isEqualTo(255);
    assertThat(grey(image, at.x(0) + 2, at.y(0) + 2)).isEqualTo(255);
    assertThat(grey(image, at.x(0) + 3, at.y(0))).isZero();
    assertThat(grey(image, at.x(1) + 2 * 3, at.y(0) + 3)).isEqualTo(128); // 0.5
    assertThat(grey(image, at.x(0) + 3 * 3, at.y(1) + 3 * 3)).isEqualTo(255); // 2 clamps to 1
    assertThat(grey(image, at.x(1), at.y(1))).isZero(); // -1 clamps to 0
    assertThat(grey(image, at.x(1) - 1, at.y(1))).isEqualTo(255); // the white gap between cells
  }

  @Test
  void mismatchedImagesAndLabelsAreNamed() {
    float[][][] cells = {{new float[15]}};
    assertThatThrownBy(() -> ImageGrid.draw("t", List.of(), List.of(), cells, 4, 4))
        .hasMessage("image grid: image at row 0, column 0 has 15 values, expected 4x4");
    assertThatThrownBy(
            () ->
                ImageGrid.draw(
                    "t", List.of("a", "b"), List.of(), new float[][][] {{new float[16]}}, 4, 4))
        .hasMessage("image grid: 2 row labels for 1 rows");
  }

  private static int grey(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xff;
  }
}
