package dev.stratum.cli.picture;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of small grey images with a title, a label above each column and one left of each row:
 * inputs beside their reconstructions, or generated samples. Drawn with Java 2D, since XChart has
 * no image grid. Pixel values are clamped to {@code [0, 1]}; 0 is black, as in Fashion-MNIST.
 */
public final class ImageGrid {

  private static final int SCALE = 3;
  private static final int GAP = 6;
  private static final int MARGIN = 16;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

  private ImageGrid() {}

  /**
   * Draws {@code cells[row][column]}, each {@code height × width} values in row-major order.
   *
   * @param rowLabels one per row ({@code "input"}, {@code "reconstruction"}), or empty
   * @param columnLabels one per column (the class names), or empty
   */
  public static BufferedImage draw(
      String title,
      List<String> rowLabels,
      List<String> columnLabels,
      float[][][] cells,
      int height,
      int width) {
    int rows = cells.length;
    int columns = rows == 0 ? 0 : cells[0].length;
    if (rows == 0 || columns == 0) {
      throw new IllegalArgumentException("image grid: no images to draw");
    }
    checkLabels("row", rowLabels, rows);
    checkLabels("column", columnLabels, columns);
    Layout layout = Layout.of(title, rowLabels, columnLabels, rows, columns, height, width);
    int imageWidth = layout.imageWidth();
    int imageHeight = layout.imageHeight();
    int cellWidth = layout.cellWidth();
    int cellHeight = layout.cellHeight();
    FontMetrics label = layout.label();
    FontMetrics heading = layout.heading();
    BufferedImage image = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, imageWidth, imageHeight);
    g.setColor(new Color(0x222222));
    g.setFont(TITLE);
    g.drawString(title, MARGIN, MARGIN + heading.getAscent());
    g.setFont(LABEL);
    int top = layout.top();
    for (int c = 0; c < columnLabels.size(); c++) {
      int centre = layout.x(c) + cellWidth / 2;
      List<String> lines = wrap(columnLabels.get(c), label, cellWidth + GAP);
      int y = top - GAP / 2 - (lines.size() - 1) * label.getHeight() - label.getDescent();
      for (String line : lines) {
        g.drawString(line, centre - label.stringWidth(line) / 2, y);
        y += label.getHeight();
      }
    }
    for (int r = 0; r < rows; r++) {
      int y = layout.y(r);
      if (!rowLabels.isEmpty()) {
        g.drawString(
            rowLabels.get(r),
            MARGIN,
            y + cellHeight / 2 + (label.getAscent() - label.getDescent()) / 2);
      }
      for (int c = 0; c < columns; c++) {
        float[] pixels = cells[r][c];
        if (pixels.length != height * width) {
          throw new IllegalArgumentException(
              "image grid: image at row "
                  + r
                  + ", column "
                  + c
                  + " has "
                  + pixels.length
                  + " values, expected "
                  + height
                  + "x"
                  + width);
        }
        drawCell(image, pixels, layout.x(c), y, height, width);
      }
    }
    g.dispose();
    return image;
  }

  /** Where things go: the size of the picture and the top-left corner of the first cell. */
  record Layout(
      int imageWidth,
      int imageHeight,
      int left,
      int top,
      int cellWidth,
      int cellHeight,
      FontMetrics label,
      FontMetrics heading) {

    static Layout of(
        String title,
        List<String> rowLabels,
        List<String> columnLabels,
        int rows,
        int columns,
        int height,
        int width) {
      BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
      Graphics2D measure = probe.createGraphics();
      FontMetrics label = measure.getFontMetrics(LABEL);
      FontMetrics heading = measure.getFontMetrics(TITLE);
      measure.dispose();
      int cellWidth = width * SCALE;
      int cellHeight = height * SCALE;
      int rowLabelWidth = rowLabels.stream().mapToInt(label::stringWidth).max().orElse(-GAP) + GAP;
      // column labels wider than a cell are drawn on two lines at most
      int columnLabelHeight = columnLabels.isEmpty() ? 0 : 2 * label.getHeight() + GAP / 2;
      int titleHeight = heading.getHeight() + GAP;
      int imageWidth = 2 * MARGIN + rowLabelWidth + columns * cellWidth + (columns - 1) * GAP;
      imageWidth = Math.max(imageWidth, 2 * MARGIN + heading.stringWidth(title));
      int imageHeight =
          2 * MARGIN + titleHeight + columnLabelHeight + rows * cellHeight + (rows - 1) * GAP;
      return new Layout(
          imageWidth,
          imageHeight,
          MARGIN + rowLabelWidth,
          MARGIN + titleHeight + columnLabelHeight,
          cellWidth,
          cellHeight,
          label,
          heading);
    }

    /** The left edge of column {@code c}. */
    int x(int c) {
      return left + c * (cellWidth + GAP);
    }

    /** The top edge of row {@code r}. */
    int y(int r) {
      return top + r * (cellHeight + GAP);
    }
  }

  /** Writes the image as a PNG. */
  public static void write(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JVM for " + file);
    }
  }

  private static void drawCell(BufferedImage image, float[] pixels, int x0, int y0, int h, int w) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = pixels[y * w + x];
        int grey = Math.round(255 * (Float.isNaN(v) ? 0 : Math.min(1, Math.max(0, v))));
        int rgb = (grey << 16) | (grey << 8) | grey;
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            image.setRGB(x0 + x * SCALE + dx, y0 + y * SCALE + dy, rgb);
          }
        }
      }
    }
  }

  /** Splits a label at a space or slash into two lines when it is wider than {@code room}. */
  private static List<String> wrap(String text, FontMetrics metrics, int room) {
    if (metrics.stringWidth(text) <= room) {
      return List.of(text);
    }
    int split = Math.max(text.lastIndexOf(' ', text.length() / 2 + 2), text.indexOf('/') + 1);
    if (split <= 0 || split >= text.length()) {
      return List.of(text);
    }
    return List.of(text.substring(0, split).strip(), text.substring(split).strip());
  }

  private static void checkLabels(String what, List<String> labels, int count) {
    if (!labels.isEmpty() && labels.size() != count) {
      throw new IllegalArgumentException(
          "image grid: " + labels.size() + " " + what + " labels for " + count + " " + what + "s");
    }
  }
}
