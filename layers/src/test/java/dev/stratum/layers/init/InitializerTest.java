package dev.stratum.layers.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Initializer bounds and moments. With n = 40,000 draws the sample mean has a standard error of
 * σ/200 and the sample variance a relative standard error of about √(2/n) ≈ 0.7% (normal) or less
 * (uniform); the tolerances are 5 standard errors.
 */
class InitializerTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";
  private static final int FAN_IN = 120;
  private static final int FAN_OUT = 80;
  private static final int N = 40_000;

  private static float[] draw(Backend b, Initializer init, long seed) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = init.create(b, new Generator(seed), FAN_IN, FAN_OUT, 200, 200);
      assertThat(t.shape()).containsExactly(200, 200);
      return t.toArray();
    }
  }

  private static void assertUniform(float[] v, double bound) {
    double mean = 0;
    double squares = 0;
    for (float x : v) {
      assertThat((double) Math.abs(x)).isLessThanOrEqualTo(bound);
      mean += x;
      squares += (double) x * x;
    }
    mean /= v.length;
    double variance = squares / v.length - mean * mean;
    double expected = bound * bound / 3;
    assertThat(mean).isCloseTo(0, within(5 * Math.sqrt(expected / v.length)));
    assertThat(variance).isCloseTo(expected, within(expected * 5 * Math.sqrt(0.8 / v.length)));
  }

  private static void assertNormal(float[] v, double mean, double std) {
    double sum = 0;
    double squares = 0;
    for (float x : v) {
      sum += x;
      squares += (double) (x - mean) * (x - mean);
    }
    assertThat(sum / v.length).isCloseTo(mean, within(5 * std / Math.sqrt(v.length)));
    double variance = squares / v.length;
    assertThat(variance).isCloseTo(std * std, within(std * std * 5 * Math.sqrt(2.0 / v.length)));
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void boundsAndMoments(String name) {
    Backend b = Backends.get(name);
    assertUniform(draw(b, Initializer.fanInUniform(), 1), 1 / Math.sqrt(FAN_IN));
    assertUniform(draw(b, Initializer.xavierUniform(), 2), Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
    assertUniform(
        draw(b, new Initializer.XavierUniform(2), 3), 2 * Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
    assertUniform(draw(b, Initializer.heUniform(), 4), Math.sqrt(6.0 / FAN_IN));
    assertNormal(draw(b, Initializer.xavierNormal(), 5), 0, Math.sqrt(2.0 / (FAN_IN + FAN_OUT)));
    assertNormal(draw(b, Initializer.heNormal(), 6), 0, Math.sqrt(2.0 / FAN_IN));
    assertNormal(draw(b, new Initializer.Normal(1, 0.5), 7), 1, 0.5);
    assertThat(draw(b, Initializer.zeros(), 8)).containsOnly(0f);
    assertThat(draw(b, Initializer.ones(), 8)).containsOnly(1f);
    float[] u = draw(b, new Initializer.Uniform(2, 3), 9);
    for (float x : u) {
      assertThat(x).isBetween(2f, 3f);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void layersPassTheirFans(String name) {
    Backend b = Backends.get(name);
    // conv fan-in = in·k², fan-out = out·k²: He uniform bound √(6 / (4·9))
    try (Conv2d conv =
        new Conv2d(
            4,
            8,
            3,
            1,
            0,
            false,
            LayerOptions.defaults().on(b).seed(1).weightInit(Initializer.heUniform()))) {
      double bound = Math.sqrt(6.0 / 36);
      float max = 0;
      for (float v : conv.weight().toArray()) {
        max = Math.max(max, Math.abs(v));
      }
      assertThat((double) max).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void sameSeedSameValuesOnEveryBackend(String name) {
    Backend b = Backends.get(name);
    Backend reference = Backends.get(Backends.availableNames().get(0));
    for (Initializer init :
        List.of(Initializer.fanInUniform(), Initializer.xavierNormal(), Initializer.heNormal())) {
      assertThat(draw(b, init, 42)).containsExactly(draw(reference, init, 42));
      assertThat(draw(b, init, 42)).isNotEqualTo(draw(b, init, 43));
    }
  }

  @Test
  void defaultGeneratorIsResettable() {
    Seeds.reset(5);
    float[] first;
    try (Dense d = new Dense(3, 3)) {
      first = d.weight().toArray();
    }
    Seeds.reset(5);
    try (Dense d = new Dense(3, 3)) {
      assertThat(d.weight().toArray()).containsExactly(first);
    }
    Seeds.reset(Seeds.DEFAULT_SEED);
  }

  @Test
  void configsRoundTrip() {
    for (Initializer init :
        List.of(
            Initializer.fanInUniform(),
            new Initializer.XavierUniform(1.5),
            new Initializer.XavierNormal(0.5),
            Initializer.heUniform(),
            Initializer.heNormal(),
            new Initializer.Constant(0.25),
            new Initializer.Uniform(-2, 3),
            new Initializer.Normal(1, 2))) {
      assertThat(Initializer.fromConfig(init.config())).isEqualTo(init);
    }
    assertThat(Initializer.fromConfig("he_normal")).isEqualTo(Initializer.heNormal());
    assertThat(Initializer.fromConfig(Map.of("type", "xavier_uniform")))
        .isEqualTo(new Initializer.XavierUniform(1));
    assertThatThrownBy(() -> Initializer.fromConfig("glorot"))
        .hasMessageStartingWith("initializer: unknown type 'glorot'; known: fan_in_uniform");
    assertThatThrownBy(() -> Initializer.fromConfig(Map.of("type", "constant")))
        .hasMessage("constant: config is missing 'value' (got keys [type])");
  }
}
