package dev.stratum.random;

/**
 * The Philox-4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011) and the exact definition of every random stream in Stratum. Each backend must
 * reproduce this class bit for bit; it is also the scalar reference the conformance kit checks
 * against.
 *
 * <p><b>Stream layout.</b> A stream is named by a 64-bit {@code seed} (the key) and a 64-bit {@code
 * stream} number. Element {@code i} of the stream is word {@code i mod 4} of the block {@code
 * philox(counter = (lo(i/4), hi(i/4), lo(stream), hi(stream)), key = (lo(seed), hi(seed)))}.
 *
 * <p><b>Distributions.</b>
 *
 * <ul>
 *   <li>uniform: {@code u = (word >>> 8) · 2^-24}, in [0, 1) with 24 random bits, exactly
 *       representable as a float;
 *   <li>Bernoulli(p): {@code u < p ? 1 : 0};
 *   <li>normal: Box-Muller on the word pairs (0, 1) and (2, 3) of a block. For the pair {@code (w0,
 *       w1)}: {@code u1 = ((w0 >>> 8) + 1) · 2^-24} in (0, 1], {@code u2 = (w1 >>> 8) · 2^-24},
 *       {@code r = sqrt(-2 ln u1)}; the even element is {@code r cos(2π u2)}, the odd one {@code r
 *       sin(2π u2)}, computed in double and rounded to float.
 * </ul>
 */
public final class Philox {

  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;
  private static final int ROUNDS = 10;
  private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

  private Philox() {}

  /**
   * One Philox-4x32-10 block: encrypts counter {@code (c0, c1, c2, c3)} under key {@code (k0, k1)}
   * into {@code out[0..3]}.
   */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
    for (int round = 0; round < ROUNDS; round++) {
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int hi0 = (int) (p0 >>> 32);
      int lo0 = (int) p0;
      int hi1 = (int) (p1 >>> 32);
      int lo1 = (int) p1;
      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
      k0 += W0;
      k1 += W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }

  /** The four words of block {@code blockIndex} of stream {@code (seed, stream)}. */
  public static void streamBlock(long seed, long stream, long blockIndex, int[] out) {
    block(
        (int) blockIndex,
        (int) (blockIndex >>> 32),
        (int) stream,
        (int) (stream >>> 32),
        (int) seed,
        (int) (seed >>> 32),
        out);
  }

  /** Uniform float in [0, 1) from a 32-bit word. */
  public static float uniform(int word) {
    return (word >>> 8) * TWO_POW_MINUS_24;
  }

  /** Box-Muller on one word pair; {@code odd} picks the sine branch. */
  public static float normal(int w0, int w1, boolean odd) {
    double u1 = ((w0 >>> 8) + 1) * 0x1.0p-24;
    double u2 = (w1 >>> 8) * 0x1.0p-24;
    double r = Math.sqrt(-2.0 * Math.log(u1));
    double angle = 2.0 * Math.PI * u2;
    return (float) (odd ? r * Math.sin(angle) : r * Math.cos(angle));
  }

  /** Maps element {@code element} of a stream, given its block's four words, to a float. */
  @FunctionalInterface
  private interface ElementMap {
    float apply(int[] words, long element);
  }

  /**
   * Writes elements {@code [first, first + count)} of the uniform stream {@code (seed, stream)},
   * scaled to [low, high), into {@code out[offset..]}. The scalar reference for backends.
   */
  public static void fillUniform(
      long seed,
      long stream,
      long first,
      float low,
      float high,
      float[] out,
      int offset,
      int count) {
    float range = high - low;
    fill(
        seed,
        stream,
        first,
        out,
        offset,
        count,
        (words, element) -> low + range * uniform(words[(int) (element & 3)]));
  }

  /** Like {@link #fillUniform}, for the normal distribution with the given mean and deviation. */
  public static void fillNormal(
      long seed,
      long stream,
      long first,
      float mean,
      float std,
      float[] out,
      int offset,
      int count) {
    fill(
        seed,
        stream,
        first,
        out,
        offset,
        count,
        (words, element) -> {
          int pair = (int) (element & 2);
          return mean + std * normal(words[pair], words[pair + 1], (element & 1) != 0);
        });
  }

  /** Like {@link #fillUniform}, for Bernoulli(p): 1 with probability p, else 0. */
  public static void fillBernoulli(
      long seed, long stream, long first, float p, float[] out, int offset, int count) {
    fill(
        seed,
        stream,
        first,
        out,
        offset,
        count,
        (words, element) -> uniform(words[(int) (element & 3)]) < p ? 1f : 0f);
  }

  /** Walks the stream block by block, computing each block once for its four elements. */
  private static void fill(
      long seed, long stream, long first, float[] out, int offset, int count, ElementMap map) {
    int[] words = new int[4];
    long cached = -1;
    for (int i = 0; i < count; i++) {
      long element = first + i;
      long blockIndex = element >>> 2;
      if (blockIndex != cached) {
        streamBlock(seed, stream, blockIndex, words);
        cached = blockIndex;
      }
      out[offset + i] = map.apply(words, element);
    }
  }
}
