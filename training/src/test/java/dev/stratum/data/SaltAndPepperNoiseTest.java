package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.random.Philox;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SaltAndPepperNoiseTest {

  private static Dataset constant(int n, int d, float value) {
    float[] inputs = new float[n * d];
    Arrays.fill(inputs, value);
    return ArrayDataset.of(inputs, new int[] {d}, new float[n], new int[] {});
  }

  @Test
  void replacesExactlyTheFractionWithLowOrHighAndLeavesTheRest() {
    var noise = new SaltAndPepperNoise(0.2f, 11);
    ArrayDataset noisy = noise.applyToInputs(constant(40, 100, 0.5f), 3);
    int salt = 0;
    Set<String> patterns = new HashSet<>();
    for (int i = 0; i < noisy.size(); i++) {
      int changed = 0;
      StringBuilder pattern = new StringBuilder();
      for (float v : noisy.input(i)) {
        assertThat(v).isIn(0f, 0.5f, 1f);
        changed += v != 0.5f ? 1 : 0;
        salt += v == 1f ? 1 : 0;
        pattern.append(v == 0.5f ? '.' : v == 1f ? '1' : '0');
      }
      assertThat(changed).as("sample %d", i).isEqualTo(20);
      patterns.add(pattern.toString());
    }
    assertThat(patterns).as("each sample its own positions and coins").hasSize(40);
    // 800 fair coins: mean 400, standard deviation √200 ≈ 14; allow 5 of them
    assertThat(salt).isBetween(330, 470);
  }

  @Test
  void positionsAreMaskingNoisesAndCoinsComeFromTheCoinBlocks() {
    float[] masked = new float[12];
    Arrays.fill(masked, 0.5f);
    new MaskingNoise(0.5f, 5).apply(masked, 0, 12, 2, 9);
    float[] noisy = new float[12];
    Arrays.fill(noisy, 0.5f);
    new SaltAndPepperNoise(0.5f, -1f, 2f, 5).apply(noisy, 0, 12, 2, 9);
    for (int i = 0; i < 12; i++) {
      assertThat(noisy[i] != 0.5f).as("element %d chosen", i).isEqualTo(masked[i] == 0f);
    }
    // the first chosen position is word 0 of block 0: its coin is the top bit of word 0 of block
    // 2^40
    int[] words = new int[4];
    long stream = (2L << 32) | 9;
    Philox.streamBlock(5, stream, 0, words);
    int first = (int) (((words[0] & 0xFFFFFFFFL) * 12) >>> 32);
    Philox.streamBlock(5, stream, SaltAndPepperNoise.COIN_BLOCK, words);
    assertThat(noisy[first]).isEqualTo(words[0] < 0 ? 2f : -1f);
  }

  @Test
  void theSameSampleAndEpochRepeatAndBatchesEqualSingleSamples() {
    var noise = new SaltAndPepperNoise(0.3f, 4);
    float[] batch = new float[3 * 10];
    Arrays.fill(batch, 0.5f);
    noise.applyToBatch(batch, 10, new int[] {7, 2, 7}, 1);
    float[] single = new float[10];
    Arrays.fill(single, 0.5f);
    noise.apply(single, 0, 10, 1, 7);
    assertThat(Arrays.copyOfRange(batch, 0, 10)).containsExactly(single);
    assertThat(Arrays.copyOfRange(batch, 20, 30)).containsExactly(single);
    assertThat(Arrays.copyOfRange(batch, 10, 20)).isNotEqualTo(single);
  }

  @Test
  void refusesAFractionOutsideTheUnitIntervalAndLowAboveHigh() {
    assertThatThrownBy(() -> new SaltAndPepperNoise(1.5f, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("salt-and-pepper noise: fraction 1.5 is not in [0, 1]");
    assertThatThrownBy(() -> new SaltAndPepperNoise(0.1f, 1f, 0f, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("salt-and-pepper noise: need finite low <= high, got low 1.0, high 0.0");
  }
}
