package dev.stratum.data;

import dev.stratum.random.Philox;

/**
 * Salt-and-pepper noise (Vincent et al., 2010): in each sample, exactly {@code round(fraction ·
 * length)} elements, chosen at random, are set to {@code low} or {@code high} (for pixels in [0,
 * 1]: 0 or 1) by a fair coin. The positions are chosen exactly as {@link MaskingNoise} chooses
 * them, from the words of Philox stream {@code (seed, e·2^32 + s)} for sample {@code s} in epoch
 * {@code e}; the coin of the {@code t}-th chosen position is the top bit of word {@code t} counted
 * from block {@value #COIN_BLOCK} of the same stream (1: {@code high}), far past the blocks the
 * positions use, so the two never share a word. The noise is reproducible and the same for any
 * batch size, shuffle order or backend.
 *
 * @param fraction the share of each sample's elements that is replaced, in [0, 1]
 * @param low the "pepper" value
 * @param high the "salt" value, not below {@code low}
 * @param seed the Philox key; give it a seed other than that of another noise running with it
 */
public record SaltAndPepperNoise(float fraction, float low, float high, long seed)
    implements Transform {

  /** The first block of a sample's stream whose words are the coins: 2^40. */
  public static final long COIN_BLOCK = 1L << 40;

  /** Checks that {@code fraction} lies in [0, 1] and that {@code low <= high}, both finite. */
  public SaltAndPepperNoise {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "salt-and-pepper noise: fraction " + fraction + " is not in [0, 1]");
    }
    if (!Float.isFinite(low) || !Float.isFinite(high) || !(low <= high)) {
      throw new IllegalArgumentException(
          "salt-and-pepper noise: need finite low <= high, got low " + low + ", high " + high);
    }
  }

  /** Pixels in [0, 1]: chosen elements become 0 or 1. */
  public SaltAndPepperNoise(float fraction, long seed) {
    this(fraction, 0f, 1f, seed);
  }

  /** The number of elements replaced in a sample of {@code length} elements. */
  public int corruptedCount(int length) {
    return Math.round(fraction * length);
  }

  @Override
  public void apply(float[] values, int offset, int length, long epoch, int sample) {
    corrupt(values, offset, length, NoiseStreams.stream(epoch, sample), new int[length]);
  }

  @Override
  public void applyToBatch(float[] values, int sampleSize, int[] samples, long epoch) {
    int[] positions = new int[sampleSize];
    for (int i = 0; i < samples.length; i++) {
      corrupt(
          values, i * sampleSize, sampleSize, NoiseStreams.stream(epoch, samples[i]), positions);
    }
  }

  private void corrupt(float[] values, int offset, int length, long stream, int[] positions) {
    for (int i = 0; i < length; i++) {
      positions[i] = i;
    }
    int[] words = new int[4];
    int[] coins = new int[4];
    int count = corruptedCount(length);
    for (int t = 0; t < count; t++) {
      if ((t & 3) == 0) {
        Philox.streamBlock(seed, stream, t >>> 2, words);
        Philox.streamBlock(seed, stream, COIN_BLOCK + (t >>> 2), coins);
      }
      // the partial Fisher–Yates step of MaskingNoise: position t + ⌊word·(length − t) / 2^32⌋
      int j = t + (int) (((words[t & 3] & 0xFFFFFFFFL) * (length - t)) >>> 32);
      int chosen = positions[j];
      positions[j] = positions[t];
      positions[t] = chosen;
      values[offset + chosen] = coins[t & 3] < 0 ? high : low;
    }
  }
}
