package dev.stratum.data;

import dev.stratum.random.Philox;

/**
 * Additive Gaussian noise, {@code x ← x + σ·z} with {@code z ~ N(0, 1)}: the corruption of a
 * denoising autoencoder. Element {@code i} of sample {@code s} in epoch {@code e} gets element
 * {@code i} of the normal Philox stream {@code (seed, stream = e·2^32 + s)} as {@link Philox}
 * defines it, so the noise is the same on every machine and equals what a backend's {@code random}
 * kernel draws for that stream, and it differs between samples and epochs.
 */
public record GaussianNoise(float sigma, long seed) implements Transform {

  /** Checks that {@code sigma} is finite and not negative. */
  public GaussianNoise {
    if (!(sigma >= 0) || !Float.isFinite(sigma)) {
      throw new IllegalArgumentException(
          "gaussian noise: sigma must be finite and >= 0, got " + sigma);
    }
  }

  @Override
  public void apply(float[] values, int offset, int length, long epoch, int sample) {
    long stream = NoiseStreams.stream(epoch, sample);
    int[] words = new int[4];
    for (int i = 0; i < length; i++) {
      if ((i & 3) == 0) {
        Philox.streamBlock(seed, stream, i >>> 2, words);
      }
      int pair = i & 2;
      values[offset + i] += sigma * Philox.normal(words[pair], words[pair + 1], (i & 1) != 0);
    }
  }
}
