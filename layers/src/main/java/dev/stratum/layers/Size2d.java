package dev.stratum.layers;

/**
 * A (height, width) pair of a window: a kernel, a stride or a dilation. In architecture JSON a
 * square pair is one whole number ({@code 3}) and any other a list ({@code [3, 5]}), so configs
 * written before rectangular windows existed read as square ones.
 *
 * @param height along the rows
 * @param width along the columns
 */
public record Size2d(int height, int width) {

  /** The square pair {@code (size, size)}. */
  public static Size2d of(int size) {
    return new Size2d(size, size);
  }

  /** The pair {@code (height, width)}. */
  public static Size2d of(int height, int width) {
    return new Size2d(height, width);
  }

  /** Whether both sides are equal. */
  public boolean isSquare() {
    return height == width;
  }

  /** {@code 3} for a square pair, else {@code 3x5}. */
  @Override
  public String toString() {
    return isSquare() ? Integer.toString(height) : height + "x" + width;
  }

  /** Checks that both sides are at least 1. */
  void checkPositive(String layer, String what) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(layer + ": " + what + " must be at least 1, got " + this);
    }
  }

  /** Checks that neither side is negative. */
  void checkNonNegative(String layer, String what) {
    if (height < 0 || width < 0) {
      throw new IllegalArgumentException(
          layer + ": " + what + " must not be negative, got " + this);
    }
  }
}
