package dev.stratum.backend.opencl;

import org.jocl.cl_mem;

/**
 * Gather and scatter-add of {@code index.cl}. The scatter-add is deterministic: it sorts the
 * (index, position) pairs on the device with a bitonic sort and lets the first position of each run
 * of equal indices add the whole run in position order, so results never depend on how the device
 * schedules work-items, and match the CPU backend's order exactly.
 */
final class IndexKernels {

  private IndexKernels() {}

  static void indexSelect(
      ClRuntime rt,
      cl_mem src,
      int outer,
      int srcExtent,
      int inner,
      cl_mem indices,
      int count,
      cl_mem out) {
    int total = outer * count * inner;
    if (total > 0) {
      rt.launch1d("index_select", total, src, outer, srcExtent, inner, indices, count, out);
    }
  }

  static void indexAdd(
      ClRuntime rt,
      GemmKernels.Scratch scratch,
      cl_mem src,
      int outer,
      int count,
      int inner,
      cl_mem indices,
      cl_mem out,
      int outExtent) {
    int total = outer * count * inner;
    if (total == 0) {
      return;
    }
    if (count > 1 << 30) {
      throw new IllegalArgumentException(
          "indexAdd: " + count + " indices are more than the device sort handles (2^30)");
    }
    int padded = Integer.highestOneBit(count);
    if (padded < count) {
      padded <<= 1;
    }
    OpenClStorage keys = scratch.take(2L * padded); // one ulong per key
    try {
      rt.launch1d("index_keys", padded, indices, count, outExtent, keys.mem(), padded);
      for (int size = 2; size <= padded; size <<= 1) {
        for (int distance = size >> 1; distance > 0; distance >>= 1) {
          rt.launch1d("bitonic_pass", padded, keys.mem(), size, distance, padded);
        }
      }
      rt.launch1d("index_add_sorted", total, src, outer, count, inner, keys.mem(), out, outExtent);
    } finally {
      scratch.give(keys);
    }
  }
}
