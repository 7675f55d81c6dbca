package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.random.Philox;
import org.junit.jupiter.api.Test;

class TransformTest {

  private static Dataset constant(int n, int d, float value) {
    float[] inputs = new float[n * d];
    java.util.Arrays.fill(inputs, value);
    return ArrayDataset.of(inputs, new int[] {d}, new float[n], new int[] {});
  }

  @Test
  void gaussianNoiseHasTheStatedMeanAndDeviation() {
    // 200 samples of 500 zeros, sigma 0.3: 100,000 draws; standard errors of the mean 0.3/316 ≈
    // 0.00095 and of the deviation 0.3/sqrt(2·1e5) ≈ 0.00067; allow 5 of each
    ArrayDataset noisy = new GaussianNoise(0.3f, 17).applyToInputs(constant(200, 500, 0f), 0);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < noisy.size(); i++) {
      for (float v : noisy.input(i)) {
        sum += v;
        sumSq += (double) v * v;
      }
    }
    double mean = sum / 100_000;
    double std = Math.sqrt(sumSq / 100_000 - mean * mean);
    assertThat(mean).isCloseTo(0, within(0.0048));
    assertThat(std).isCloseTo(0.3, within(0.0034));
  }

  @Test
  void gaussianNoiseIsThePhiloxNormalStreamOfTheSampleAndEpoch() {
    float[] values = {1, 2, 3, 4, 5, 6};
    new GaussianNoise(0.5f, 99).apply(values, 0, 6, 3, 7);
    float[] expected = new float[6];
    Philox.fillNormal(99, (3L << 32) | 7, 0, 0f, 0.5f, expected, 0, 6);
    for (int i = 0; i < 6; i++) {
      assertThat(values[i]).isEqualTo((i + 1) + expected[i]);
    }
  }

  @Test
  void noiseDiffersBetweenEpochsAndSamplesAndRepeatsForTheSameOnes() {
    var noise = new GaussianNoise(1f, 4);
    float[] a = new float[8];
    float[] b = new float[8];
    float[] c = new float[8];
    float[] d = new float[8];
    noise.apply(a, 0, 8, 0, 5);
    noise.apply(b, 0, 8, 0, 5);
    noise.apply(c, 0, 8, 1, 5);
    noise.apply(d, 0, 8, 0, 6);
    assertThat(a).containsExactly(b).isNotEqualTo(c).isNotEqualTo(d);
  }

  @Test
  void maskingNoiseZeroesExactlyTheFractionInEachSample() {
    var mask = new MaskingNoise(0.25f, 8);
    ArrayDataset masked = mask.applyToInputs(constant(50, 100, 1f), 2);
    java.util.Set<String> patterns = new java.util.HashSet<>();
    for (int i = 0; i < masked.size(); i++) {
      float[] x = masked.input(i);
      int zeros = 0;
      StringBuilder pattern = new StringBuilder();
      for (float v : x) {
        assertThat(v).isIn(0f, 1f);
        zeros += v == 0 ? 1 : 0;
        pattern.append(v == 0 ? '0' : '1');
      }
      assertThat(zeros).as("sample %d", i).isEqualTo(25);
      patterns.add(pattern.toString());
    }
    assertThat(patterns).as("each sample its own mask").hasSize(50);
    // the same epoch repeats the masks, another epoch changes them
    assertThat(mask.applyToInputs(constant(50, 100, 1f), 2).input(7))
        .containsExactly(masked.input(7));
    assertThat(mask.applyToInputs(constant(50, 100, 1f), 3).input(7)).isNotEqualTo(masked.input(7));
  }

  @Test
  void maskingNoiseChoosesPositionsUniformly() {
    // mask 1 of 4 positions in 8000 samples: each position 2000 times, sd sqrt(8000·3/16) ≈ 38.7
    var mask = new MaskingNoise(0.25f, 1);
    int[] hits = new int[4];
    for (int s = 0; s < 8000; s++) {
      float[] x = {1, 1, 1, 1};
      mask.apply(x, 0, 4, 0, s);
      for (int i = 0; i < 4; i++) {
        hits[i] += x[i] == 0 ? 1 : 0;
      }
    }
    for (int h : hits) {
      assertThat(h).isBetween(1806, 2194);
    }
  }

  @Test
  void normalizationWithGivenAndFittedMoments() {
    float[] x = {1, 2, 3, 4};
    Normalization.of(2, 0.5f).apply(x, 0, 4, 0, 0);
    assertThat(x).containsExactly(-2, 0, 2, 4);

    // features: (0, 10), (2, 10), (4, 40): means (2, 20), population sds (1.633, 14.142)
    Dataset data =
        ArrayDataset.of(
            new float[] {0, 10, 2, 10, 4, 40}, new int[] {2}, new float[3], new int[] {});
    Normalization perFeature = Normalization.fitPerFeature(data);
    assertThat(perFeature.mean()).containsExactly(2f, 20f);
    assertThat(perFeature.std()[0]).isCloseTo((float) Math.sqrt(8 / 3.0), within(1e-6f));
    assertThat(perFeature.std()[1]).isCloseTo((float) Math.sqrt(200), within(1e-5f));
    ArrayDataset normalised = perFeature.applyToInputs(data, 0);
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < 3; i++) {
      sum += normalised.input(i)[1];
      sumSq += normalised.input(i)[1] * normalised.input(i)[1];
    }
    assertThat(sum / 3).isCloseTo(0, within(1e-6));
    assertThat(sumSq / 3).isCloseTo(1, within(1e-5));

    // all six values: mean 66/6 = 11, mean square 1820/6, variance 1820/6 - 121 = 547/3
    Normalization global = Normalization.fit(data);
    assertThat(global.mean()).containsExactly(11f);
    assertThat(global.std()[0]).isCloseTo((float) Math.sqrt(547 / 3.0), within(1e-5f));
  }

  @Test
  void aConstantFeatureIsOnlyCentred() {
    Dataset data = constant(4, 2, 3f);
    Normalization n = Normalization.fitPerFeature(data);
    assertThat(n.std()).containsExactly(1f, 1f);
    assertThat(n.applyToInputs(data, 0).input(0)).containsExactly(0f, 0f);
  }

  @Test
  void transformsComposeInOrder() {
    Transform plusOne = (v, off, len, e, s) -> v[off] += 1;
    Transform twice = (v, off, len, e, s) -> v[off] *= 2;
    float[] x = {3};
    plusOne.andThen(twice).apply(x, 0, 1, 0, 0);
    assertThat(x).containsExactly(8);
    float[] batch = {3, 5};
    plusOne.andThen(twice).applyToBatch(batch, 1, new int[] {0, 1}, 0);
    assertThat(batch).containsExactly(8, 12);
    // normalise, then corrupt: the common input pipeline of a denoising autoencoder
    Transform pipeline = Normalization.of(0.5f, 0.5f).andThen(new MaskingNoise(0.5f, 1));
    float[] y = {1, 1, 1, 1};
    pipeline.apply(y, 0, 4, 0, 0);
    assertThat(y).containsOnly(0f, 1f);
    assertThat(java.util.stream.IntStream.range(0, 4).filter(i -> y[i] == 0).count()).isEqualTo(2);
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new GaussianNoise(-1f, 0))
        .hasMessage("gaussian noise: sigma must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> new MaskingNoise(1.5f, 0))
        .hasMessage("masking noise: fraction 1.5 is not in [0, 1]");
    assertThatThrownBy(() -> Normalization.of(0, 0))
        .hasMessage(
            "normalization: feature 0 needs a finite mean and a finite deviation > 0, got mean 0.0,"
                + " std 0.0");
    float[] x = new float[3];
    assertThatThrownBy(
            () ->
                Normalization.perFeature(new float[] {0, 0}, new float[] {1, 1})
                    .apply(x, 0, 3, 0, 0))
        .hasMessage("normalization: a sample has 3 elements but the normalization has 2 features");
  }
}
