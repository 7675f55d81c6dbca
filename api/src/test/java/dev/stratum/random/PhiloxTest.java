package dev.stratum.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhiloxTest {

  // Known-answer vectors published with Random123 (kat_vectors, philox4x32 with 10 rounds).
  @Test
  void zeroCounterAndKeyMatchPublishedVector() {
    int[] out = new int[4];
    Philox.block(0, 0, 0, 0, 0, 0, out);
    assertThat(out).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
  }

  @Test
  void allOnesCounterAndKeyMatchPublishedVector() {
    int[] out = new int[4];
    Philox.block(-1, -1, -1, -1, -1, -1, out);
    assertThat(out).containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
  }

  @Test
  void piDigitsCounterAndKeyMatchPublishedVector() {
    int[] out = new int[4];
    Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    assertThat(out).containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
  }

  @Test
  void uniformStreamIsInUnitIntervalWithPlausibleMean() {
    float[] values = new float[100_000];
    Philox.fillUniform(42, 7, 0, 0f, 1f, values, 0, values.length);
    double sum = 0;
    for (float v : values) {
      assertThat(v).isBetween(0f, 0.99999994f);
      sum += v;
    }
    // mean of U(0,1) is 0.5 with standard error 0.289/sqrt(1e5) ≈ 0.0009; 5 sigma
    assertThat(sum / values.length).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.0046));
  }

  @Test
  void normalStreamHasUnitMoments() {
    float[] values = new float[200_000];
    Philox.fillNormal(1, 0, 0, 0f, 1f, values, 0, values.length);
    double sum = 0;
    double sumSq = 0;
    for (float v : values) {
      sum += v;
      sumSq += (double) v * v;
    }
    double mean = sum / values.length;
    double variance = sumSq / values.length - mean * mean;
    // standard errors: mean 1/sqrt(2e5) ≈ 0.0022, variance sqrt(2/2e5) ≈ 0.0032; 5 sigma
    assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(0.011));
    assertThat(variance).isCloseTo(1, org.assertj.core.data.Offset.offset(0.016));
  }

  @Test
  void anyWindowOfTheStreamMatchesTheWholeStream() {
    float[] whole = new float[37];
    Philox.fillNormal(9, 3, 0, 0f, 1f, whole, 0, whole.length);
    float[] window = new float[20];
    Philox.fillNormal(9, 3, 13, 0f, 1f, window, 0, window.length);
    for (int i = 0; i < window.length; i++) {
      assertThat(window[i]).isEqualTo(whole[13 + i]);
    }
  }

  @Test
  void differentStreamsAndSeedsDiffer() {
    float[] a = new float[8];
    float[] b = new float[8];
    float[] c = new float[8];
    Philox.fillUniform(1, 0, 0, 0f, 1f, a, 0, 8);
    Philox.fillUniform(1, 1, 0, 0f, 1f, b, 0, 8);
    Philox.fillUniform(2, 0, 0, 0f, 1f, c, 0, 8);
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
  }
}
