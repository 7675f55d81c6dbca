package dev.stratum.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.inject.Registries;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.inject.LayersModule;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.recurrent.ReferenceRnn.Kind;
import dev.stratum.recurrent.inject.RecurrentModule;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell in every topology, and the models built from them, saved as a checkpoint (weights and
 * architecture JSON) and rebuilt through the Guice registry: the same type, configuration,
 * parameter names and outputs, bit for bit.
 */
class RoundTripTest {

  static final Injector INJECTOR = Guice.createInjector(new LayersModule(), new RecurrentModule());

  @TempDir Path temp;

  @Test
  void theModuleRegistersEveryRecurrentLayerByName() {
    Map<String, LayerFactory> registry = Registries.layerFactories(INJECTOR);
    assertThat(registry)
        .containsKeys(
            "recurrent",
            "rnn_cell",
            "lstm_cell",
            "gru_cell",
            "mgu_cell",
            "time_distributed",
            "sequence_model",
            "dense");
    assertThat(RecurrentLayers.factories().keySet()).allMatch(registry::containsKey);
  }

  static Stream<Object[]> models() {
    List<Object[]> models = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      models.add(
          new Object[] {
            kind + " stacked bidirectional",
            (Function<LayerOptions, Layer>)
                o ->
                    RecurrentFixture.builder(kind, 3, 4)
                        .layers(2)
                        .bidirectional(true)
                        .dropout(0.25)
                        .build(o)
          });
    }
    models.add(
        new Object[] {
          "LSTM sum, last output, sequence-first",
          (Function<LayerOptions, Layer>)
              o ->
                  Recurrent.lstm(3, 4)
                      .bidirectional(true)
                      .merge(Recurrent.Merge.SUM)
                      .returnSequences(false)
                      .sequenceFirst(true)
                      .build(o)
        });
    models.add(
        new Object[] {
          "GRU without bias, head on every step",
          (Function<LayerOptions, Layer>)
              o ->
                  new SequenceModel(
                      null,
                      Recurrent.gru(3, 4).build(o.bias(false)),
                      new TimeDistributed(new Dense(4, 2, o)))
        });
    return models.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void checkpointsRoundTripThroughTheRegistry(String name, Function<LayerOptions, Layer> make)
      throws Exception {
    Backend backend = Backends.get();
    Path dir = temp.resolve("model");
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Layer model = make.apply(LayerOptions.defaults().on(backend).seed(5))) {
      model.eval();
      Checkpoint.save(dir, model);
      try (Layer loaded = Checkpoint.loadModel(dir, backend, Registries.layerFactories(INJECTOR))) {
        loaded.eval();
        assertThat(loaded.typeName()).isEqualTo(model.typeName());
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(loaded.parameters().keySet()).isEqualTo(model.parameters().keySet());
        Tensor x = Tensor.of(backend, RecurrentFixture.normal(2 * 5 * 3, 3), 2, 5, 3);
        assertThat(loaded.forward(x).toArray()).containsExactly(model.forward(x).toArray());
      }
    }
  }

  @Test
  void aCharacterModelRoundTrips() throws Exception {
    Backend backend = Backends.get();
    LayerOptions o = LayerOptions.defaults().on(backend).seed(2);
    Path dir = temp.resolve("lm");
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        SequenceModel model =
            new SequenceModel(
                new Embedding(10, 4, o), Recurrent.lstm(4, 6).build(o), new Dense(6, 10, o))) {
      Checkpoint.save(dir, model);
      try (Layer loaded = Checkpoint.loadModel(dir, backend, Registries.layerFactories(INJECTOR))) {
        Tensor tokens = Tensor.of(backend, new float[] {1, 2, 3, 9, 0, 4}, 2, 3);
        assertThat(loaded.forward(tokens).toArray())
            .containsExactly(model.forward(tokens).toArray());
        assertThat(loaded.parameters().keySet())
            .contains("input.weight", "rnn.weight_hh_l0", "head.bias");
      }
    }
  }
}
