package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.StateDict;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loading and exporting parameters by name, as PyTorch's {@code load_state_dict}: values copied
 * exactly (bit for bit), strict loads that name every problem and change nothing, lenient loads
 * that report, and renaming.
 */
class StateDictTest {

  static java.util.stream.Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  static Sequential mlp(LayerOptions options) {
    return new Sequential(
        new Dense(3, 4, options),
        new Activation.ReLU(),
        new BatchNorm1d(4, 0.1, 1e-5, true, options),
        new Dense(4, 2, options));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void exportThenLoadCopiesEveryParameterAndBufferExactly(String name) {
    Backend b = Backends.get(name);
    try (Sequential source = mlp(LayerOptions.defaults().on(b).seed(5));
        Sequential target = mlp(LayerOptions.defaults().on(b).toBeLoaded())) {
      assertThat(target.parameters().get("0.weight").toArray()).containsOnly(0f);
      Map<String, Tensor> exported = StateDict.export(source);
      try {
        assertThat(exported.keySet())
            .containsExactly(
                "0.weight",
                "0.bias",
                "2.weight",
                "2.bias",
                "3.weight",
                "3.bias",
                "2.running_mean",
                "2.running_var");
        StateDict.Report report = StateDict.load(target, exported);
        assertThat(report.complete()).isTrue();
        assertThat(report.loaded()).hasSize(8);
        for (Map.Entry<String, Tensor> e : StateDict.of(source).entrySet()) {
          assertThat(StateDict.of(target).get(e.getKey()).toArray())
              .as(e.getKey())
              .containsExactly(e.getValue().toArray());
        }
        // the export is a copy: changing the source later does not change it
        try (NoGrad noGrad = Autograd.noGrad()) {
          source.parameters().get("0.bias").fillInPlace(7f);
        }
        assertThat(exported.get("0.bias").toArray()).doesNotContain(7f);
      } finally {
        exported.values().forEach(Tensor::close);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void strictLoadNamesMissingUnexpectedAndMismatchedKeysAndChangesNothing(String name) {
    Backend b = Backends.get(name);
    try (Sequential target = mlp(LayerOptions.defaults().on(b).toBeLoaded());
        TensorScope scope = TensorScope.open()) {
      Map<String, Tensor> source = new LinkedHashMap<>();
      source.put("0.weight", Tensor.ones(b, 4, 3));
      source.put("0.bias", Tensor.ones(b, 5));
      source.put("9.weight", Tensor.ones(b, 1));
      assertThatThrownBy(() -> StateDict.load(target, source))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "load (strict): nothing was loaded; missing keys [2.weight, 2.bias, 3.weight, 3.bias,"
                  + " 2.running_mean, 2.running_var], unexpected keys [9.weight], shape mismatches"
                  + " ['0.bias': the layer has [4], the source [5]] (the layer's names: [0.weight,"
                  + " 0.bias, 2.weight, 2.bias, 3.weight, 3.bias, 2.running_mean,"
                  + " 2.running_var])");
      assertThat(target.parameters().get("0.weight").toArray()).containsOnly(0f);
      // lenient: what lines up is loaded, the rest reported
      StateDict.Report report = StateDict.load(target, source, StateDict.Options.lenient());
      assertThat(report.loaded()).containsExactly("0.weight");
      assertThat(report.unexpected()).containsExactly("9.weight");
      assertThat(report.missing()).hasSize(6);
      assertThat(report.mismatched())
          .containsExactly("'0.bias': the layer has [4], the source [5]");
      assertThat(report.complete()).isFalse();
      assertThat(target.parameters().get("0.weight").toArray()).containsOnly(1f);
      assertThat(target.parameters().get("0.bias").toArray()).containsOnly(0f);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void renamingMapsPyTorchNamesAndDropsKeys(String name) {
    Backend b = Backends.get(name);
    try (Dense target = new Dense(2, 1, LayerOptions.defaults().on(b).toBeLoaded());
        TensorScope scope = TensorScope.open()) {
      Map<String, Tensor> source = new LinkedHashMap<>();
      source.put("encoder.0.weight", Tensor.of(b, new float[] {2, 3}, 1, 2));
      source.put("encoder.0.bias", Tensor.of(b, new float[] {-1}, 1));
      source.put("decoder.0.weight", Tensor.ones(b, 2, 1));
      StateDict.Report report =
          StateDict.load(
              target,
              source,
              StateDict.Options.strict()
                  .renaming(n -> n.startsWith("encoder.0.") ? n.substring(10) : null));
      assertThat(report.dropped()).containsExactly("decoder.0.weight");
      assertThat(report.complete()).isTrue();
      // y = 2·1 + 3·1 - 1 = 4
      assertThat(target.forward(Tensor.ones(b, 1, 2)).toArray()).containsExactly(4f);
      assertThatThrownBy(
              () -> StateDict.load(target, source, StateDict.Options.lenient().renaming(n -> "x")))
          .hasMessage(
              "load: the renaming maps both 'encoder.0.weight' and 'encoder.0.bias' to 'x'");
      Map<String, Tensor> exported = StateDict.export(target, n -> "encoder.0." + n);
      try {
        assertThat(exported.keySet()).containsExactly("encoder.0.weight", "encoder.0.bias");
      } finally {
        exported.values().forEach(Tensor::close);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void loadsFromAnotherBackend(String name) {
    Backend b = Backends.get(name);
    List<String> names = Backends.availableNames();
    Backend other = Backends.get(names.get((names.indexOf(name) + 1) % names.size()));
    try (Dense target = new Dense(2, 1, LayerOptions.defaults().on(b).toBeLoaded());
        TensorScope scope = TensorScope.open()) {
      StateDict.load(
          target,
          Map.of(
              "weight", Tensor.of(other, new float[] {0.5f, 0.25f}, 1, 2),
              "bias", Tensor.of(other, new float[] {1}, 1)));
      assertThat(target.weight().backend()).isSameAs(b);
      assertThat(target.weight().toArray()).containsExactly(0.5f, 0.25f);
    }
  }
}
