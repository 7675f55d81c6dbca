package dev.stratum.autoencoders.eval;

import java.util.stream.IntStream;

/**
 * Semantic hashing (Salakhutdinov and Hinton, 2009) measured: binary codes {@code b_j = [h_j >
 * threshold]} of a sigmoid code layer, retrieval by Hamming distance, and the precision at {@code
 * k}, the share of a query's {@code k} nearest database items (by Hamming distance, equal distances
 * in database order) that have the query's class, averaged over the queries. Codes of up to 64 bits
 * are packed into a {@code long}, so one distance is an XOR and a bit count.
 */
public final class HammingRetrieval {

  private final long[] codes;
  private final int[] labels;
  private final int bits;

  private HammingRetrieval(long[] codes, int[] labels, int bits) {
    this.codes = codes;
    this.labels = labels;
    this.bits = bits;
  }

  /** The database: {@code features} thresholded at {@code threshold} (0.5 for a sigmoid code). */
  public static HammingRetrieval database(Features features, double threshold) {
    return new HammingRetrieval(
        pack(features, threshold), features.requireLabels(), features.dimension());
  }

  /** Each row of {@code features} as {@code dimension} bits, {@code [value > threshold]}. */
  public static long[] pack(Features features, double threshold) {
    if (features.dimension() > 64) {
      throw new IllegalArgumentException(
          "Hamming retrieval: codes of " + features.dimension() + " bits; at most 64");
    }
    long[] packed = new long[features.count()];
    for (int i = 0; i < packed.length; i++) {
      long code = 0;
      for (int j = 0; j < features.dimension(); j++) {
        if (features.get(i, j) > threshold) {
          code |= 1L << j;
        }
      }
      packed[i] = code;
    }
    return packed;
  }

  /** The number of bits per code. */
  public int bits() {
    return bits;
  }

  /** The mean precision at {@code k} of the labelled {@code queries}, thresholded alike. */
  public double precisionAt(Features queries, double threshold, int k) {
    if (queries.dimension() != bits) {
      throw new IllegalArgumentException(
          "Hamming retrieval: queries of " + queries.dimension() + " bits, database of " + bits);
    }
    if (k < 1 || k > codes.length) {
      throw new IllegalArgumentException(
          "Hamming retrieval: k must be in [1, " + codes.length + "], got " + k);
    }
    long[] q = pack(queries, threshold);
    int[] queryLabels = queries.requireLabels();
    double total =
        IntStream.range(0, q.length)
            .parallel()
            .mapToDouble(i -> precision(q[i], queryLabels[i], k))
            .sum();
    return total / q.length;
  }

  /** Precision at k of one query: count the nearest k by distance buckets, in database order. */
  private double precision(long query, int label, int k) {
    int[] perDistance = new int[bits + 1];
    int[] samePerDistance = new int[bits + 1];
    for (int i = 0; i < codes.length; i++) {
      int distance = Long.bitCount(codes[i] ^ query);
      perDistance[distance]++;
      if (labels[i] == label) {
        samePerDistance[distance]++;
      }
    }
    int taken = 0;
    int same = 0;
    for (int distance = 0; distance <= bits && taken < k; distance++) {
      if (taken + perDistance[distance] <= k) {
        taken += perDistance[distance];
        same += samePerDistance[distance];
      } else {
        // the bucket is cut: take its first items in database order
        int need = k - taken;
        for (int i = 0; i < codes.length && need > 0; i++) {
          if (Long.bitCount(codes[i] ^ query) == distance) {
            need--;
            same += labels[i] == label ? 1 : 0;
          }
        }
        taken = k;
      }
    }
    return same / (double) k;
  }
}
