package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Distribution;

/**
 * A seeded source of random tensors. Each draw uses the next Philox stream of the seed (stream 0,
 * 1, 2, ...), so a program that draws in the same order gets the same numbers on every backend; see
 * {@link dev.stratum.random.Philox} for the exact definition.
 */
public final class Generator {

  private final long seed;
  private long nextStream;

  public Generator(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The stream the next draw will use. */
  public long nextStream() {
    return nextStream;
  }

  public Tensor uniform(Backend backend, float low, float high, int... shape) {
    if (!(low <= high) || Float.isInfinite(high - low)) {
      throw new IllegalArgumentException(
          "uniform: need finite low <= high, got low " + low + ", high " + high);
    }
    return draw(backend, Distribution.UNIFORM, low, high, shape);
  }

  public Tensor normal(Backend backend, float mean, float std, int... shape) {
    if (!(std >= 0) || Float.isInfinite(std) || !Float.isFinite(mean)) {
      throw new IllegalArgumentException(
          "normal: need a finite mean and a finite std >= 0, got mean " + mean + ", std " + std);
    }
    return draw(backend, Distribution.NORMAL, mean, std, shape);
  }

  public Tensor bernoulli(Backend backend, float p, int... shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("bernoulli: probability " + p + " is not in [0, 1]");
    }
    return draw(backend, Distribution.BERNOULLI, p, 0f, shape);
  }

  private synchronized Tensor draw(
      Backend backend, Distribution distribution, float p0, float p1, int[] shape) {
    Tensor t = Tensor.empty(backend, shape);
    backend.random(distribution, p0, p1, seed, nextStream++, t.storage(), t.size());
    return t;
  }
}
