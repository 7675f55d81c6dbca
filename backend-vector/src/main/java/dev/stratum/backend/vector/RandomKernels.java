package dev.stratum.backend.vector;

import dev.stratum.backend.Distribution;
import dev.stratum.random.Philox;

/**
 * Counter-based random numbers, bit for bit the streams {@link Philox} defines. Each Philox block
 * gives four consecutive elements and depends only on its index, so threads take disjoint block
 * ranges and the result does not depend on the split. The transforms call Philox's own helpers with
 * the same float (or, for the normal, double) arithmetic, which is what makes them exact.
 */
final class RandomKernels {

  private RandomKernels() {}

  static void random(
      Parallel parallel,
      Distribution distribution,
      float p0,
      float p1,
      long seed,
      long stream,
      float[] out,
      int count) {
    int blocks = (int) (((long) count + 3) >>> 2);
    parallel.forRange(
        blocks,
        Simd.GRAIN / 16,
        (start, end) -> {
          int[] words = new int[4];
          float range = p1 - p0;
          for (int block = start; block < end; block++) {
            Philox.streamBlock(seed, stream, block, words);
            int first = block << 2;
            int n = Math.min(4, count - first);
            for (int w = 0; w < n; w++) {
              out[first + w] =
                  switch (distribution) {
                    case UNIFORM -> p0 + range * Philox.uniform(words[w]);
                    case NORMAL ->
                        p0 + p1 * Philox.normal(words[w & 2], words[(w & 2) + 1], (w & 1) != 0);
                    case BERNOULLI -> Philox.uniform(words[w]) < p0 ? 1f : 0f;
                  };
            }
          }
        });
  }
}
