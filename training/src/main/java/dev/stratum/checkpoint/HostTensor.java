package dev.stratum.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 array with a shape, held on the Java heap: what a safetensors file holds before it is
 * uploaded to a backend, so one file loads onto any backend.
 *
 * <p>The shape is copied; the data array is shared, not copied, since it may be large.
 */
public record HostTensor(int[] shape, float[] data) {

  /** Checks that {@code data} holds exactly the elements {@code shape} describes. */
  public HostTensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    long size = elementCount(shape);
    if (size != data.length) {
      throw new IllegalArgumentException(
          "host tensor: shape "
              + Arrays.toString(shape)
              + " holds "
              + size
              + " elements but the data has "
              + data.length);
    }
    shape = shape.clone();
  }

  /** A copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The product of the dimensions; throws when a dimension is negative. */
  static long elementCount(int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  /** Equal shapes and bit-identical elements (NaN payloads and the sign of zero included). */
  public boolean bitEquals(HostTensor other) {
    if (!Arrays.equals(shape, other.shape) || data.length != other.data.length) {
      return false;
    }
    for (int i = 0; i < data.length; i++) {
      if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(other.data[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor other && bitEquals(other);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "HostTensor" + Arrays.toString(shape);
  }
}
