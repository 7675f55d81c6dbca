package dev.stratum.layers;

/**
 * The zero padding of a convolution: explicit rows and columns on each side, or PyTorch's {@code
 * padding='same'}. In architecture JSON it is a whole number ({@code 1}, the same on both axes), a
 * list ({@code [1, 2]}: rows, columns), {@code "same"} or {@code "valid"} (no padding).
 *
 * <p>{@code same} keeps the output size equal to the input size for stride 1 (it is refused with a
 * larger stride, as PyTorch refuses it): along each axis the padding totals {@code dilation·(kernel
 * - 1)}; half of it (rounded down) goes before the input and the rest after it, so an even kernel
 * gets its extra row at the bottom and its extra column on the right — as PyTorch pads.
 *
 * @param height rows of zeros above and below (0 when {@code same})
 * @param width columns of zeros left and right (0 when {@code same})
 * @param same whether the padding is computed as {@code 'same'}
 */
public record Padding2d(int height, int width, boolean same) {

  /** PyTorch's {@code padding='same'}. */
  public static final Padding2d SAME = new Padding2d(0, 0, true);

  /** No padding (PyTorch's {@code padding='valid'}). */
  public static final Padding2d VALID = new Padding2d(0, 0, false);

  public Padding2d {
    if (same && (height != 0 || width != 0)) {
      throw new IllegalArgumentException(
          "Padding2d: 'same' padding has no explicit sizes, got " + height + "x" + width);
    }
  }

  /** {@code size} rows and columns on every side. */
  public static Padding2d of(int size) {
    return new Padding2d(size, size, false);
  }

  /** {@code height} rows above and below, {@code width} columns left and right. */
  public static Padding2d of(int height, int width) {
    return new Padding2d(height, width, false);
  }

  /**
   * The padding (top, bottom, left, right) for a window of {@code kernel} with {@code dilation}.
   */
  int[] sides(Size2d kernel, Size2d dilation) {
    if (!same) {
      return new int[] {height, height, width, width};
    }
    int totalH = dilation.height() * (kernel.height() - 1);
    int totalW = dilation.width() * (kernel.width() - 1);
    return new int[] {totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2};
  }

  /** {@code same}, {@code 1} or {@code 1x2}. */
  @Override
  public String toString() {
    return same ? "same" : height == width ? Integer.toString(height) : height + "x" + width;
  }
}
