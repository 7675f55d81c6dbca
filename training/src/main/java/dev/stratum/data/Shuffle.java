package dev.stratum.data;

import dev.stratum.random.Philox;

/**
 * Seeded permutations for shuffling, reproducible on any machine.
 *
 * <p>The permutation of epoch {@code e} is a Fisher–Yates shuffle of {@code 0 .. n-1} driven by the
 * 32-bit words of Philox stream {@code (seed, e)} (see {@link Philox}): for {@code i} from {@code
 * n-1} down to 1, the k-th step ({@code k = n-1-i}) takes word {@code k} of the stream, picks
 * {@code j = ⌊word · (i+1) / 2^32⌋} (the word read unsigned) and swaps positions {@code i} and
 * {@code j}. The multiply-shift reduction is biased by at most {@code (i+1)/2^32}, far below
 * anything a training run can notice.
 */
public final class Shuffle {

  private Shuffle() {}

  /** The permutation of {@code 0 .. n-1} for {@code (seed, epoch)}. */
  public static int[] permutation(long seed, long epoch, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("permutation: negative length " + n);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    shuffle(order, seed, epoch);
    return order;
  }

  /** Shuffles {@code values} in place with the permutation of {@code (seed, stream)}. */
  public static void shuffle(int[] values, long seed, long stream) {
    int[] words = new int[4];
    long cached = -1;
    for (int i = values.length - 1, k = 0; i > 0; i--, k++) {
      long block = k >>> 2;
      if (block != cached) {
        Philox.streamBlock(seed, stream, block, words);
        cached = block;
      }
      int j = (int) (((words[k & 3] & 0xFFFFFFFFL) * (i + 1)) >>> 32);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
