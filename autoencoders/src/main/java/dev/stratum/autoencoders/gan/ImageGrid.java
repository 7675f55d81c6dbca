package dev.stratum.autoencoders.gan;

import dev.stratum.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A grid of grey-scale images as a PNG, to look at samples: each image a tile of {@code height ×
 * width} pixels scaled up by an integer factor, values in [0, 1] mapped to 0–255 (clamped, NaN
 * black), tiles separated by a mid-grey line.
 *
 * <pre>{@code
 * ImageGrid.write(gan.sample(backend, 64, new Generator(7)), 28, 28, 8, 2, Path.of("samples.png"));
 * }</pre>
 */
public final class ImageGrid {

  private static final int GAP = 2;
  private static final int GAP_GREY = 0x80;

  private ImageGrid() {}

  /**
   * The grid of {@code images} (any shape whose first axis counts the images and whose elements per
   * image are {@code height·width}), {@code columns} tiles wide, each pixel {@code scale × scale}.
   */
  public static BufferedImage of(Tensor images, int height, int width, int columns, int scale) {
    int n = images.dim(0);
    if (height < 1
        || width < 1
        || columns < 1
        || scale < 1
        || images.size() != n * height * width) {
      throw new IllegalArgumentException(
          "ImageGrid: "
              + java.util.Arrays.toString(images.shape())
              + " is not "
              + n
              + " images of "
              + height
              + "×"
              + width
              + ", or columns "
              + columns
              + " / scale "
              + scale
              + " is below 1");
    }
    float[] pixels = images.toArray();
    int rows = (n + columns - 1) / columns;
    int tileH = height * scale;
    int tileW = width * scale;
    BufferedImage grid =
        new BufferedImage(
            columns * (tileW + GAP) + GAP,
            rows * (tileH + GAP) + GAP,
            BufferedImage.TYPE_BYTE_GRAY);
    var raster = grid.getRaster();
    for (int y = 0; y < grid.getHeight(); y++) {
      for (int x = 0; x < grid.getWidth(); x++) {
        raster.setSample(x, y, 0, GAP_GREY);
      }
    }
    for (int i = 0; i < n; i++) {
      int left = GAP + (i % columns) * (tileW + GAP);
      int top = GAP + (i / columns) * (tileH + GAP);
      for (int y = 0; y < tileH; y++) {
        for (int x = 0; x < tileW; x++) {
          float v = pixels[i * height * width + (y / scale) * width + x / scale];
          raster.setSample(left + x, top + y, 0, grey(v));
        }
      }
    }
    return grid;
  }

  /** Writes {@link #of} to {@code file} as a PNG, creating its folder. */
  public static void write(Tensor images, int height, int width, int columns, int scale, Path file)
      throws IOException {
    BufferedImage grid = of(images, height, width, columns, scale);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(grid, "png", file.toFile())) {
      throw new IOException("ImageGrid: no PNG writer is installed");
    }
  }

  /** {@code round(255·clamp(v, 0, 1))}, NaN as 0. */
  static int grey(float v) {
    if (!(v > 0)) {
      return 0;
    }
    return v >= 1 ? 255 : Math.round(255 * v);
  }
}
