package dev.stratum.data;

import dev.stratum.random.Philox;

/**
 * Masking noise (Vincent et al., 2010): in each sample, exactly {@code round(fraction · length)}
 * elements, chosen at random, are set to 0. The choice is a partial Fisher–Yates shuffle of the
 * element positions driven by the 32-bit words of Philox stream {@code (seed, e·2^32 + s)} for
 * sample {@code s} in epoch {@code e} (step {@code t} takes word {@code t} and picks position
 * {@code t + ⌊word · (length − t) / 2^32⌋}), so it is reproducible and differs between samples and
 * epochs. Give it a seed other than a {@link GaussianNoise}'s that runs with it.
 */
public record MaskingNoise(float fraction, long seed) implements Transform {

  /** Checks that {@code fraction} lies in [0, 1]. */
  public MaskingNoise {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "masking noise: fraction " + fraction + " is not in [0, 1]");
    }
  }

  /** The number of elements masked in a sample of {@code length} elements. */
  public int maskedCount(int length) {
    return Math.round(fraction * length);
  }

  @Override
  public void apply(float[] values, int offset, int length, long epoch, int sample) {
    mask(values, offset, length, NoiseStreams.stream(epoch, sample), new int[length]);
  }

  @Override
  public void applyToBatch(float[] values, int sampleSize, int[] samples, long epoch) {
    int[] positions = new int[sampleSize];
    for (int i = 0; i < samples.length; i++) {
      mask(values, i * sampleSize, sampleSize, NoiseStreams.stream(epoch, samples[i]), positions);
    }
  }

  private void mask(float[] values, int offset, int length, long stream, int[] positions) {
    for (int i = 0; i < length; i++) {
      positions[i] = i;
    }
    int[] words = new int[4];
    int count = maskedCount(length);
    for (int t = 0; t < count; t++) {
      if ((t & 3) == 0) {
        Philox.streamBlock(seed, stream, t >>> 2, words);
      }
      int j = t + (int) (((words[t & 3] & 0xFFFFFFFFL) * (length - t)) >>> 32);
      int chosen = positions[j];
      positions[j] = positions[t];
      positions[t] = chosen;
      values[offset + chosen] = 0f;
    }
  }
}
