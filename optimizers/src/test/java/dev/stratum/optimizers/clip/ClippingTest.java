package dev.stratum.optimizers.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.Sgd;
import dev.stratum.optimizers.Steps;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Clipping and the non-finite guard against their formulas, on every backend present. */
class ClippingTest {

  private static final String BACKENDS = "dev.stratum.optimizers.TestBackends#names";

  /** a = [3, −4] (norm 5), b = [12] (norm 12), c without gradient. */
  private static Map<String, Tensor> parameters(Backend backend) {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("a", Tensor.vector(backend, 0f, 0f).requiresGrad(true));
    p.put("b", Tensor.vector(backend, 0f).requiresGrad(true));
    p.put("c", Tensor.vector(backend, 0f).requiresGrad(true));
    Steps.setGradient(p.get("a"), new float[] {3f, -4f});
    Steps.setGradient(p.get("b"), new float[] {12f});
    return p;
  }

  private static void close(Map<String, Tensor> p) {
    p.values().forEach(Tensor::close);
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void byValueClampsEachElement(String backend) {
    Map<String, Tensor> p = parameters(Backends.get(backend));
    try {
      GradientClipping.clipByValue(p.values(), 3.5f);
      assertThat(p.get("a").grad().toArray()).containsExactly(3f, -3.5f);
      assertThat(p.get("b").grad().toArray()).containsExactly(3.5f);
      assertThat(p.get("c").grad()).isNull();
    } finally {
      close(p);
    }
  }

  // ‖a‖ = 5 > 1: a·1/(5 + 1e-6); ‖b‖ = 12 > 1: b·1/(12 + 1e-6); with maxNorm 6, a is left alone
  @ParameterizedTest
  @MethodSource(BACKENDS)
  void byNormScalesEachParameterOnItsOwn(String backend) {
    Map<String, Tensor> p = parameters(Backends.get(backend));
    try {
      double[] norms = GradientClipping.clipByNorm(p.values(), 6);
      assertThat(norms[0]).isCloseTo(5, within(1e-6));
      assertThat(norms[1]).isCloseTo(12, within(1e-6));
      assertThat(norms[2]).isNaN();
      assertThat(p.get("a").grad().toArray()).containsExactly(3f, -4f);
      assertThat(p.get("b").grad().toArray()[0]).isCloseTo(6f, within(1e-5f));
      GradientClipping.clipByNorm(p.values(), 1);
      float[] a = p.get("a").grad().toArray();
      assertThat(a[0]).isCloseTo(0.6f, within(1e-6f));
      assertThat(a[1]).isCloseTo(-0.8f, within(1e-6f));
    } finally {
      close(p);
    }
  }

  // joint norm √(25 + 144) = 13; maxNorm 6.5 halves every gradient
  @ParameterizedTest
  @MethodSource(BACKENDS)
  void byGlobalNormScalesAllGradientsByOneFactor(String backend) {
    Map<String, Tensor> p = parameters(Backends.get(backend));
    try {
      assertThat(GradientClipping.globalNorm(p.values())).isCloseTo(13, within(1e-6));
      double before = GradientClipping.clipByGlobalNorm(p.values(), 6.5);
      assertThat(before).isCloseTo(13, within(1e-6));
      float[] a = p.get("a").grad().toArray();
      assertThat(a[0]).isCloseTo(1.5f, within(1e-6f));
      assertThat(a[1]).isCloseTo(-2f, within(1e-6f));
      assertThat(p.get("b").grad().toArray()[0]).isCloseTo(6f, within(1e-6f));
      assertThat(GradientClipping.globalNorm(p.values())).isCloseTo(6.5, within(1e-5));
      // under the limit: untouched
      GradientClipping.clipByGlobalNorm(p.values(), 100);
      assertThat(p.get("b").grad().toArray()[0]).isCloseTo(6f, within(1e-6f));
    } finally {
      close(p);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void decoratorClipsBeforeTheStepAndKeepsTheDelegatesState(String backend) {
    Map<String, Tensor> p = parameters(Backends.get(backend));
    try (Optimizer sgd = Clipping.byGlobalNorm(new Sgd(p, 1.0), 6.5)) {
      sgd.step();
      // θ = 0 − 1·g/2
      assertThat(p.get("a").toArray()[1]).isCloseTo(2f, within(1e-6f));
      assertThat(p.get("b").toArray()[0]).isCloseTo(-6f, within(1e-6f));
      assertThat(sgd.iterations()).isEqualTo(1);
      assertThat(sgd.groups()).hasSize(1);
      Map<String, Tensor> state = sgd.state();
      assertThat(state).containsKey("iterations");
      state.values().forEach(Tensor::close);
    } finally {
      close(p);
    }
    Map<String, Tensor> q = parameters(Backends.get(backend));
    try (Optimizer sgd = Clipping.byValue(new Sgd(q, 1.0), 1f)) {
      sgd.step();
      assertThat(q.get("a").toArray()).containsExactly(-1f, 1f);
    } finally {
      close(q);
    }
    Map<String, Tensor> r = parameters(Backends.get(backend));
    try (Optimizer sgd = Clipping.byNorm(new Sgd(r, 1.0), 5)) {
      sgd.step();
      assertThat(r.get("a").toArray()).containsExactly(-3f, 4f);
      assertThat(r.get("b").toArray()[0]).isCloseTo(-5f, within(1e-5f));
    } finally {
      close(r);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void guardSkipsAStepWithANaNOrInfinityAndReportsIt(String backend) {
    Map<String, Tensor> p = parameters(Backends.get(backend));
    List<NonFiniteGuard.SkippedStep> heard = new ArrayList<>();
    try (NonFiniteGuard adam = NonFiniteGuard.skipping(new Adam(p, 0.1), heard::add)) {
      adam.step(); // finite: applied
      float[] a = p.get("a").toArray();
      Steps.setGradient(p.get("a"), new float[] {Float.NaN, 1f});
      Steps.setGradient(p.get("b"), new float[] {Float.POSITIVE_INFINITY});
      adam.step();
      assertThat(p.get("a").toArray()).containsExactly(a);
      assertThat(adam.iterations()).isEqualTo(1);
      assertThat(adam.skippedSteps()).isEqualTo(1);
      assertThat(heard).containsExactly(new NonFiniteGuard.SkippedStep(1, List.of("a", "b")));
      // a huge but finite gradient is not mistaken for an overflow
      Steps.setGradient(p.get("a"), new float[] {3e38f, -3e38f});
      Steps.setGradient(p.get("b"), new float[] {1f});
      adam.step();
      assertThat(adam.iterations()).isEqualTo(2);
    } finally {
      close(p);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void throwingGuardFailsNamingTheParameter(String backend) {
    Map<String, Tensor> p = parameters(Backends.get(backend));
    try (NonFiniteGuard sgd = NonFiniteGuard.throwing(new Sgd(p, 0.1))) {
      Steps.setGradient(p.get("b"), new float[] {Float.NEGATIVE_INFINITY});
      assertThatThrownBy(sgd::step)
          .isInstanceOf(NonFiniteGuard.NonFiniteGradientException.class)
          .hasMessage(
              "non-finite gradient (NaN or infinity) at step 1 in [b]; the step was not applied");
      assertThat(p.get("b").toArray()).containsExactly(0f);
    } finally {
      close(p);
    }
  }

  @Test
  void badLimitsAreRefused() {
    assertThatThrownBy(() -> GradientClipping.clipByValue(List.of(), 0f))
        .hasMessage("clipByValue: limit must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(List.of(), Double.NaN))
        .hasMessage("clipByGlobalNorm: maxNorm must be finite and > 0, got NaN");
    assertThatThrownBy(() -> Clipping.byNorm(null, -1))
        .hasMessage("clipByNorm: maxNorm must be finite and > 0, got -1.0");
  }
}
