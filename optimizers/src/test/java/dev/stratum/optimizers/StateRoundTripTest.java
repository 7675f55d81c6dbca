package dev.stratum.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optimizer state round-trips: N steps, save {@code state()} and the parameters, M more steps;
 * separately restore both into fresh parameters and a fresh optimizer and run the same M steps: the
 * parameters must be bit-identical. Parameter "b" gets a gradient only on odd steps, so
 * per-parameter step counts and lazily allocated state are exercised.
 */
class StateRoundTripTest {

  /** Every optimizer, with weight decay on, in a form that reads well in a test name. */
  static Map<String, Function<List<ParameterGroup>, Optimizer>> optimizers() {
    Map<String, Function<List<ParameterGroup>, Optimizer>> all = new LinkedHashMap<>();
    all.put("sgd", g -> new Sgd(g, 0, false, WeightDecay.L2));
    all.put("momentum", g -> new Sgd(g, 0.9, false, WeightDecay.DECOUPLED));
    all.put("nesterov", g -> new Sgd(g, 0.9, true, WeightDecay.L2));
    all.put("adagrad", g -> new Adagrad(g, 1e-10, 0.1, WeightDecay.L2));
    all.put("adadelta", g -> new Adadelta(g, 0.9, 1e-6, WeightDecay.L2));
    all.put("rmsprop", g -> new RmsProp(g, 0.99, 1e-8, 0.9, true, WeightDecay.L2));
    all.put("adam", g -> new Adam(g, 0.9, 0.999, 1e-8, false, WeightDecay.L2));
    all.put("amsgrad", g -> new Adam(g, 0.9, 0.99, 1e-8, true, WeightDecay.L2));
    all.put("adamw", g -> new AdamW(g, 0.9, 0.999, 1e-8, false));
    all.put("adamax", g -> new AdaMax(g, 0.9, 0.999, 1e-8, WeightDecay.DECOUPLED));
    all.put("nadam", g -> new Nadam(g, 0.9, 0.999, 1e-8, 0.004, WeightDecay.L2));
    all.put("qhadam", g -> new QhAdam(g, 0.995, 0.999, 0.7, 1.0, 1e-8, WeightDecay.L2));
    all.put("aggmo", g -> new AggMo(g, List.of(0.0, 0.9, 0.99), WeightDecay.L2));
    return all;
  }

  static Stream<Arguments> cases() {
    return TestBackends.names().stream()
        .flatMap(b -> optimizers().keySet().stream().map(o -> Arguments.of(b, o)));
  }

  private static Map<String, Tensor> parameters(Backend backend, float[] a, float[] b) {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("m.a", Tensor.vector(backend, a).requiresGrad(true));
    p.put("m.b", Tensor.of(backend, b, 2, 2).requiresGrad(true));
    return p;
  }

  private static void steps(Optimizer optimizer, Map<String, Tensor> p, int from, int count) {
    Tensor a = p.get("m.a");
    Tensor b = p.get("m.b");
    for (int s = from; s < from + count; s++) {
      optimizer.zeroGrad();
      try (TensorScope scope = TensorScope.open()) {
        Backend backend = a.backend();
        Tensor loss =
            a.sub(1f).square().mul(Tensor.vector(backend, 1f, 2f, 3f)).sum().mul(0.5f + s);
        if (s % 2 == 1) {
          loss = loss.add(b.square().mul(0.5f).sum());
        }
        loss.backward();
        optimizer.step();
      }
    }
  }

  private static List<ParameterGroup> groups(Map<String, Tensor> p) {
    // two groups with different rates and decays, as schedules and checkpoints see them
    return List.of(
        new ParameterGroup(Map.of("m.a", p.get("m.a")), 0.05, 0.01),
        new ParameterGroup(Map.of("m.b", p.get("m.b")), 0.02, 0.1));
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void restoredOptimizerContinuesBitForBit(String backendName, String kind) {
    Backend backend = Backends.get(backendName);
    Function<List<ParameterGroup>, Optimizer> make = optimizers().get(kind);
    float[] a0 = {0.3f, -1.2f, 2f};
    float[] b0 = {1f, -2f, 0.5f, 0.25f};
    Map<String, Tensor> p1 = parameters(backend, a0, b0);
    Map<String, Tensor> p2 = null;
    Map<String, Tensor> saved = null;
    try (Optimizer uninterrupted = make.apply(groups(p1))) {
      steps(uninterrupted, p1, 0, 3);
      saved = uninterrupted.state();
      float[] aSaved = p1.get("m.a").toArray();
      float[] bSaved = p1.get("m.b").toArray();
      steps(uninterrupted, p1, 3, 4);

      p2 = parameters(backend, aSaved, bSaved);
      try (Optimizer resumed = make.apply(groups(p2))) {
        resumed.loadState(saved);
        assertThat(resumed.iterations()).isEqualTo(3);
        steps(resumed, p2, 3, 4);
        assertThat(resumed.iterations()).isEqualTo(uninterrupted.iterations()).isEqualTo(7);
        assertThat(p2.get("m.a").toArray()).containsExactly(p1.get("m.a").toArray());
        assertThat(p2.get("m.b").toArray()).containsExactly(p1.get("m.b").toArray());
        // and the state itself matches entry by entry
        Map<String, Tensor> s1 = uninterrupted.state();
        Map<String, Tensor> s2 = resumed.state();
        assertThat(s2.keySet()).containsExactlyElementsOf(s1.keySet());
        s1.forEach((k, t) -> assertThat(s2.get(k).toArray()).as(k).containsExactly(t.toArray()));
        s1.values().forEach(Tensor::close);
        s2.values().forEach(Tensor::close);
      }
    } finally {
      p1.values().forEach(Tensor::close);
      if (p2 != null) {
        p2.values().forEach(Tensor::close);
      }
      if (saved != null) {
        saved.values().forEach(Tensor::close);
      }
    }
  }

  @Test
  void stateNamesSlotsStepsAndIterations() {
    Backend backend = Backends.get(TestBackends.names().get(0));
    Map<String, Tensor> p = parameters(backend, new float[] {1, 2, 3}, new float[] {1, 2, 3, 4});
    try (Optimizer adam = new Adam(p, 0.1)) {
      steps(adam, p, 0, 2); // "m.b" has a gradient on step 1 only
      Map<String, Tensor> state = adam.state();
      assertThat(state.keySet())
          .containsExactly(
              "iterations", "m.m.a", "v.m.a", "step.m.a", "m.m.b", "v.m.b", "step.m.b");
      assertThat(state.get("iterations").item()).isEqualTo(2f);
      assertThat(state.get("step.m.a").item()).isEqualTo(2f);
      assertThat(state.get("step.m.b").item()).isEqualTo(1f);
      state.values().forEach(Tensor::close);
    } finally {
      p.values().forEach(Tensor::close);
    }
  }

  @Test
  void loadStateNamesTheFirstBadEntry() {
    Backend backend = Backends.get(TestBackends.names().get(0));
    Map<String, Tensor> p = parameters(backend, new float[] {1, 2, 3}, new float[] {1, 2, 3, 4});
    List<Tensor> made = new ArrayList<>();
    try (Optimizer adam = new Adam(p, 0.1)) {
      steps(adam, p, 0, 2);
      Map<String, Tensor> good = adam.state();
      made.addAll(good.values());

      Map<String, Tensor> unknown = new HashMap<>(good);
      unknown.put("z.m.a", good.get("m.m.a"));
      assertThatThrownBy(() -> adam.loadState(unknown))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown entry 'z.m.a'")
          .hasMessageContaining("[m, v, step]")
          .hasMessageContaining("[m.a, m.b]");

      Map<String, Tensor> missing = new LinkedHashMap<>(good);
      missing.remove("v.m.b");
      assertThatThrownBy(() -> adam.loadState(missing))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Adam.loadState: missing entry 'v.m.b' (the state has other entries for parameter"
                  + " 'm.b')");

      Map<String, Tensor> shape = new LinkedHashMap<>(good);
      Tensor wrong = Tensor.zeros(backend, 4);
      made.add(wrong);
      shape.put("m.m.b", wrong);
      assertThatThrownBy(() -> adam.loadState(shape))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Adam.loadState: entry 'm.m.b' has shape [4] but parameter 'm.b' has shape [2, 2]");

      Map<String, Tensor> noIterations = new LinkedHashMap<>(good);
      noIterations.remove("iterations");
      assertThatThrownBy(() -> adam.loadState(noIterations))
          .hasMessage("Adam.loadState: missing entry 'iterations'");

      // a failed load changed nothing
      assertThat(adam.iterations()).isEqualTo(2);
    } finally {
      p.values().forEach(Tensor::close);
      made.forEach(Tensor::close);
    }
  }
}
