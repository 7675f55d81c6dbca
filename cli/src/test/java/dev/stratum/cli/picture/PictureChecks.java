package dev.stratum.cli.picture;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** What the picture tests look for in a PNG. */
final class PictureChecks {

  private PictureChecks() {}

  /** How many pixels are within a small distance of {@code colour} (antialiasing blurs edges). */
  static int pixelsOf(BufferedImage image, Color colour) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        int d =
            Math.abs(c.getRed() - colour.getRed())
                + Math.abs(c.getGreen() - colour.getGreen())
                + Math.abs(c.getBlue() - colour.getBlue());
        if (d < 30) {
          count++;
        }
      }
    }
    return count;
  }
}
