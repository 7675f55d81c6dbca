package dev.stratum.backend.opencl;

import dev.stratum.backend.Distribution;
import org.jocl.cl_mem;

/**
 * Philox random numbers from {@code random.cl}, one work-item per block of four elements: the same
 * stream as {@link dev.stratum.random.Philox}, bit for bit (the normal distribution too, where the
 * device has double precision).
 */
final class RandomKernels {

  private RandomKernels() {}

  static void random(
      ClRuntime rt,
      Distribution distribution,
      float p0,
      float p1,
      long seed,
      long stream,
      cl_mem out,
      int count) {
    if (count == 0) {
      return;
    }
    int blocks = (int) (((long) count + 3) >>> 2);
    rt.launch1d(
        "philox_random",
        blocks,
        distribution.ordinal(),
        p0,
        p1,
        new int[] {(int) seed, (int) (seed >>> 32)},
        new int[] {(int) stream, (int) (stream >>> 32)},
        out,
        count);
  }
}
