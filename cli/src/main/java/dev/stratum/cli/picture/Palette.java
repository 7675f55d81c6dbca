package dev.stratum.cli.picture;

import java.awt.Color;

/**
 * The colours of every picture: ten hues that stay distinct for the ten Fashion-MNIST classes (the
 * "category10" scheme of D3 and Matplotlib), then the curves' training and validation colours.
 */
final class Palette {

  private static final Color[] CATEGORIES = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  static final Color TRAINING = CATEGORIES[0];
  static final Color VALIDATION = CATEGORIES[1];
  static final Color REFERENCE = new Color(0x999999);

  private Palette() {}

  /** The colour of category {@code index}; the hues repeat after ten. */
  static Color category(int index) {
    return CATEGORIES[Math.floorMod(index, CATEGORIES.length)];
  }
}
