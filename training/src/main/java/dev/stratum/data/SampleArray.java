package dev.stratum.data;

import java.util.Arrays;

/**
 * A column of same-shaped samples held in host memory, flat and row-major: sample {@code i}
 * occupies elements {@code [i·sampleSize, (i+1)·sampleSize)}. Either floats, or unsigned bytes
 * scaled to floats when read (so 60,000 Fashion-MNIST images take 47 MB, not 188 MB).
 */
public sealed interface SampleArray {

  /** Number of samples. */
  int count();

  /** The shape of one sample; {@code []} for a scalar such as a class index. */
  int[] sampleShape();

  /** Elements per sample. */
  int sampleSize();

  /** Writes sample {@code index} as floats into {@code dst[offset .. offset + sampleSize)}. */
  void copySample(int index, float[] dst, int offset);

  /** Samples stored as floats; {@code data} is not copied. */
  static SampleArray floats(float[] data, int... sampleShape) {
    int[] sizeCount = checkedShapeSizeCount("floats", data.length, sampleShape);
    return new Floats(data, sampleShape.clone(), sizeCount[0], sizeCount[1]);
  }

  /**
   * Samples stored as unsigned bytes, each read as {@code (b & 0xFF) / divisor} in float arithmetic
   * (use 255 for pixels, giving exactly {@code u8 / 255f}); {@code data} is not copied.
   */
  static SampleArray unsignedBytes(byte[] data, float divisor, int... sampleShape) {
    if (!(divisor != 0) || !Float.isFinite(divisor)) {
      throw new IllegalArgumentException(
          "unsignedBytes: the divisor must be finite and non-zero, got " + divisor);
    }
    float[] table = new float[256];
    for (int b = 0; b < 256; b++) {
      table[b] = b / divisor;
    }
    int[] sizeCount = checkedShapeSizeCount("unsignedBytes", data.length, sampleShape);
    return new UnsignedBytes(data, table, sampleShape.clone(), sizeCount[0], sizeCount[1]);
  }

  /** Elements in one sample of {@code shape}, checked to be positive. */
  static int sizeOf(int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "sample shape " + Arrays.toString(shape) + " has a non-positive dimension");
      }
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "sample shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) size;
  }

  private static int[] checkedShapeSizeCount(String what, int length, int[] sampleShape) {
    int size = sizeOf(sampleShape);
    if (length % size != 0) {
      throw new IllegalArgumentException(
          what
              + ": "
              + length
              + " values are not a whole number of samples of shape "
              + Arrays.toString(sampleShape)
              + " ("
              + size
              + " values each)");
    }
    return new int[] {size, length / size};
  }

  /** Float samples. */
  record Floats(float[] data, int[] shape, int sampleSize, int count) implements SampleArray {
    @Override
    public int[] sampleShape() {
      return shape.clone();
    }

    @Override
    public void copySample(int index, float[] dst, int offset) {
      System.arraycopy(data, Math.multiplyExact(index, sampleSize), dst, offset, sampleSize);
    }
  }

  /** Unsigned-byte samples, each byte mapped to a float through {@code table}. */
  record UnsignedBytes(byte[] data, float[] table, int[] shape, int sampleSize, int count)
      implements SampleArray {
    @Override
    public int[] sampleShape() {
      return shape.clone();
    }

    @Override
    public void copySample(int index, float[] dst, int offset) {
      int start = Math.multiplyExact(index, sampleSize);
      for (int i = 0; i < sampleSize; i++) {
        dst[offset + i] = table[data[start + i] & 0xFF];
      }
    }
  }
}
