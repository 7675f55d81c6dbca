package dev.stratum.backend.support;

/**
 * Range checks of a kernel's arguments against the memory they touch, for a backend that must check
 * on the host before it launches: a kernel that writes outside its buffer on a device does not
 * throw, it corrupts memory. Every message starts with the operation and names the values.
 *
 * <pre>{@code
 * Extents.checkRange("upload source", srcOffset, count, src.length);
 * long needed = Extents.stridedEnd("copy", shape, srcOffset, srcStrides);
 * Extents.checkCapacity("copy", storage.size(), needed);
 * }</pre>
 */
public final class Extents {

  private Extents() {}

  /**
   * Checks that {@code [offset, offset + count)} lies in {@code [0, length)}.
   *
   * @param what the operation and operand, which start the message ("upload source")
   * @throws IndexOutOfBoundsException if it does not, or if {@code offset} or {@code count} is
   *     negative
   */
  public static void checkRange(String what, int offset, int count, int length) {
    if (offset < 0 || count < 0 || (long) offset + count > length) {
      throw new IndexOutOfBoundsException(
          what + ": offset " + offset + " and count " + count + " exceed the length " + length);
    }
  }

  /**
   * Checks that a storage of {@code capacity} elements holds the {@code needed} a kernel touches.
   *
   * @throws IllegalArgumentException if it does not
   */
  public static void checkCapacity(String kernel, int capacity, long needed) {
    if (needed > capacity) {
      throw new IllegalArgumentException(
          kernel
              + ": a storage of "
              + capacity
              + " elements is too small, the kernel would touch "
              + needed);
    }
  }

  /**
   * Elements of the index space {@code shape}, as a long (a product of int extents overflows).
   *
   * @throws IllegalArgumentException if an extent is negative
   */
  public static long elements(int[] shape) {
    long size = 1;
    for (int extent : shape) {
      if (extent < 0) {
        throw new IllegalArgumentException("negative extent " + extent + " in a shape");
      }
      size *= extent;
    }
    return size;
  }

  /**
   * One past the largest element an operand read or written through {@code strides} from {@code
   * offset} over {@code shape} touches: the storage size it needs. 0 for an empty shape, whose
   * strides are not looked at.
   *
   * @throws IllegalArgumentException if an extent is negative, the strides do not match the rank,
   *     or the strides reach below element 0
   */
  public static long stridedEnd(String kernel, int[] shape, int offset, int[] strides) {
    if (elements(shape) == 0) {
      return 0;
    }
    if (strides.length != shape.length) {
      throw new IllegalArgumentException(
          kernel + ": " + strides.length + " strides for a shape of rank " + shape.length);
    }
    long low = offset;
    long high = offset;
    for (int d = 0; d < shape.length; d++) {
      long reach = (long) (shape[d] - 1) * strides[d];
      if (reach < 0) {
        low += reach;
      } else {
        high += reach;
      }
    }
    if (low < 0) {
      throw new IllegalArgumentException(kernel + ": strides reach below element 0");
    }
    return high + 1;
  }
}
