package dev.stratum.layers.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Tensor#erf()} on a grid of [-5, 5] against erf's Maclaurin series summed in double (exact
 * to about 1e-12 for |x| ≤ 3 with 60 terms; above 3, erf is within 2.3e-5 of ±1 and the continued
 * fraction is not needed: the reference there is 1 - erfc by its asymptotic series).
 */
class ErfTest {

  static java.util.stream.Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  /** erf in double. */
  static double erf(double x) {
    double a = Math.abs(x);
    double value;
    if (a <= 3) {
      double term = a;
      double sum = a;
      for (int n = 1; n < 60; n++) {
        term *= -a * a / n;
        sum += term / (2 * n + 1);
      }
      value = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc(a) ≈ e^(-a²)/(a√π)·(1 - 1/(2a²) + 3/(4a⁴) - 15/(8a⁶)), error below 1e-9 here
      double inv = 1 / (2 * a * a);
      double series = 1 - inv + 3 * inv * inv - 15 * inv * inv * inv;
      value = 1 - Math.exp(-a * a) / (a * Math.sqrt(Math.PI)) * series;
    }
    return Math.copySign(value, x);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void erfIsWithin3e7OfTheSeriesAndKeepsTinyValuesRelative(String name) {
    Backend b = Backends.get(name);
    float[] x = new float[1001 + 4];
    for (int i = 0; i <= 1000; i++) {
      x[i] = -5f + i * 0.01f;
    }
    x[1001] = 1e-6f;
    x[1002] = -3e-4f;
    x[1003] = 0.4999f;
    x[1004] = 0.5f;
    try (TensorScope scope = TensorScope.open()) {
      float[] y = Tensor.of(b, x, x.length).erf().toArray();
      for (int i = 0; i < x.length; i++) {
        double expected = erf(x[i]);
        // 1.5e-7 from Abramowitz and Stegun 7.1.26 plus a few float32 roundings near 1
        double allowed = Math.abs(x[i]) < 0.5 ? 1e-6 * Math.abs(expected) + 1e-12 : 3e-7;
        assertThat((double) y[i]).as("erf(%s)", x[i]).isCloseTo(expected, within(allowed));
      }
    }
  }
}
