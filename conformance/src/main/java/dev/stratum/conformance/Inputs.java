package dev.stratum.conformance;

import java.util.SplittableRandom;

/** Deterministic test data: each case seeds its own generator, so a failure reproduces exactly. */
public final class Inputs {

  /** The sizes every element-wise kernel is run on: vector tails (7, 17, 33) and a prime (1021). */
  public static final int[] SIZES = {0, 1, 7, 16, 17, 33, 1021};

  /** Values whose handling the SPI specifies: NaN, infinities, signed zeros, large magnitudes. */
  public static final float[] SPECIALS = {
    Float.NaN,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    0f,
    -0f,
    1f,
    -1f,
    0.5f,
    -2.5f,
    1e4f,
    -1e4f,
    100f,
    -100f
  };

  private Inputs() {}

  /** {@code n} values uniform in [low, high). */
  public static float[] uniform(long seed, int n, float low, float high) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (low + (high - low) * random.nextDouble());
    }
    return values;
  }

  /** {@code n} multiples of 1/8 in [-8, 8]: sums of a few of them are exact in any order. */
  public static float[] dyadic(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextInt(-64, 65) / 8f;
    }
    return values;
  }

  /** {@code n} whole numbers in [0, bound): many ties. */
  public static float[] integers(long seed, int n, int bound) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextInt(bound);
    }
    return values;
  }

  /** Uniform values in [low, high) with about one in five replaced by a special value. */
  public static float[] withSpecials(long seed, int n, float low, float high) {
    float[] values = uniform(seed, n, low, high);
    SplittableRandom random = new SplittableRandom(~seed);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(5) == 0) {
        values[i] = SPECIALS[random.nextInt(SPECIALS.length)];
      }
    }
    return values;
  }

  /** Number of elements of a shape (1 for rank 0). */
  public static int count(int[] shape) {
    int n = 1;
    for (int extent : shape) {
      n *= extent;
    }
    return n;
  }

  /** Row-major strides of a contiguous shape. */
  public static int[] contiguous(int[] shape) {
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= shape[d];
    }
    return strides;
  }

  /** Elements a strided view needs: one past its largest reachable offset (0 if empty). */
  public static int span(int[] shape, int[] strides) {
    int last = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 0) {
        return 0;
      }
      last += (shape[d] - 1) * strides[d];
    }
    return last + 1;
  }

  /** {@code [3, 4]} style text for display names. */
  public static String shape(int... shape) {
    return java.util.Arrays.toString(shape);
  }
}
