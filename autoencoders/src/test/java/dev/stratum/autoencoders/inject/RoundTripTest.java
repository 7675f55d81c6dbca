package dev.stratum.autoencoders.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.inject.Guice;
import dev.stratum.autoencoders.Autoencoder;
import dev.stratum.autoencoders.Autoencoders;
import dev.stratum.autoencoders.ContractiveAutoencoder;
import dev.stratum.autoencoders.DenoisingAutoencoder;
import dev.stratum.autoencoders.Noise;
import dev.stratum.autoencoders.Objective;
import dev.stratum.autoencoders.SparseAutoencoder;
import dev.stratum.autoencoders.StackedDenoising;
import dev.stratum.autoencoders.TiedDense;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.data.ArrayDataset;
import dev.stratum.inject.Registries;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.BinaryCrossEntropy;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.nn.ValueChecks;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind goes through architecture JSON (as text) and through a checkpoint rebuilt from {@code
 * model.json}, with the Guice registry of {@link AutoencodersModule} and with {@link
 * Autoencoders#factories()}: the same type, config and parameters, and the same outputs bit for
 * bit.
 */
class RoundTripTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  /** One model of every kind, small. */
  static Map<String, Layer> everyKind(Backend b) {
    LayerOptions o = LayerOptions.defaults().on(b).seed(21);
    Map<String, Layer> kinds = new LinkedHashMap<>();
    kinds.put("undercomplete", Autoencoders.dense(o, 12, 4));
    kinds.put("deep", Autoencoders.dense(o, 12, 8, 4, 2));
    kinds.put("tied", Autoencoders.tied(o, new Activation.Sigmoid(), 12, 6, 3));
    kinds.put(
        "sparse L1",
        SparseAutoencoder.l1(
            new int[] {12},
            new Sequential(new Dense(12, 16, o), new Activation.ReLU()),
            new Sequential(new Dense(16, 12, o), new Activation.Sigmoid()),
            new MeanSquaredError(),
            1e-3));
    kinds.put(
        "sparse KL",
        SparseAutoencoder.kl(
            new int[] {12},
            new Sequential(new Dense(12, 16, o), new Activation.Sigmoid()),
            new Sequential(new Dense(16, 12, o), new Activation.Sigmoid()),
            new BinaryCrossEntropy(),
            0.05,
            3));
    for (Noise noise :
        List.of(Noise.gaussian(0.2, 1), Noise.masking(0.3, 2), Noise.saltAndPepper(0.1, 3))) {
      kinds.put(
          "denoising " + noise,
          new DenoisingAutoencoder(
              new int[] {12},
              new Dense(12, 5, o),
              new Dense(5, 12, o),
              new MeanSquaredError(),
              noise));
    }
    kinds.put(
        "contractive, closed form",
        new ContractiveAutoencoder(
            new int[] {12},
            new Sequential(new Dense(12, 4, o), new Activation.Sigmoid()),
            new Sequential(new Dense(4, 12, o), new Activation.Sigmoid()),
            new MeanSquaredError(),
            0.1));
    kinds.put(
        "contractive, autograd",
        new ContractiveAutoencoder(
            new int[] {12},
            new Sequential(new Dense(12, 6, o), new Activation.Tanh(), new Dense(6, 3, o)),
            new Dense(3, 12, o),
            new MeanSquaredError(),
            0.5));
    kinds.put("convolutional", Autoencoders.convolutional(o));
    kinds.put("convolutional, pooling", Autoencoders.convolutionalPooling(o));
    Random r = new Random(4);
    float[] x = new float[40 * 12];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    StackedDenoising.Pretrained stack =
        StackedDenoising.builder(12, 6, 3)
            .epochs(1)
            .batchSize(20)
            .options(o)
            .build()
            .pretrain(ArrayDataset.of(x, new int[] {12}, new float[40], new int[] {}));
    kinds.put("stacked, as an autoencoder", stack.autoencoder());
    return kinds;
  }

  private static Tensor input(Backend b, Layer model) {
    int[] shape = model instanceof Autoencoder ae ? ae.inputShape() : new int[] {12};
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    Random r = new Random(9);
    float[] x = new float[2 * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    int[] batch = new int[shape.length + 1];
    batch[0] = 2;
    System.arraycopy(shape, 0, batch, 1, shape.length);
    return Tensor.of(b, x, batch);
  }

  private static void assertSameModel(String kind, Layer original, Layer rebuilt, Backend b) {
    assertThat(rebuilt.getClass()).as(kind).isEqualTo(original.getClass());
    assertThat(rebuilt.typeName()).as(kind).isEqualTo(original.typeName());
    assertThat(rebuilt.config()).as(kind).isEqualTo(original.config());
    assertThat(rebuilt.parameters().keySet()).as(kind).isEqualTo(original.parameters().keySet());
    if (rebuilt instanceof ContractiveAutoencoder c) {
      assertThat(c.usesClosedForm())
          .isEqualTo(((ContractiveAutoencoder) original).usesClosedForm());
    }
    if (rebuilt instanceof Autoencoder ae && ae.decoder() instanceof Sequential s) {
      for (Layer layer : s.layers()) {
        if (layer instanceof TiedDense t) {
          assertThat(t.isTied()).as(kind + ": tied again").isTrue();
          assertThat(ae.encoder().parameters().values()).anyMatch(w -> w == t.weight());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyKindRoundTripsThroughACheckpointWithGuiceAndWithout(String name, @TempDir Path dir)
      throws Exception {
    Backend b = Backends.get(name);
    Map<String, LayerFactory> guice =
        Registries.layerFactories(Guice.createInjector(new AutoencodersModule()));
    assertThat(guice.keySet()).containsAll(Autoencoders.factories().keySet());
    Map<String, Layer> kinds = everyKind(b);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      for (Map.Entry<String, Layer> kind : kinds.entrySet()) {
        Layer model = kind.getValue();
        Path checkpoint = dir.resolve(kind.getKey().replaceAll("[^a-zA-Z0-9]+", "-"));
        Checkpoint.save(checkpoint, model);
        Tensor x = input(b, model);
        float[] expected = model.forward(x).toArray();
        for (Map<String, LayerFactory> registry : List.of(guice, Autoencoders.factories())) {
          try (Layer restored = Checkpoint.loadModel(checkpoint, b, registry)) {
            assertSameModel(kind.getKey(), model, restored, b);
            assertThat(restored.forward(x).toArray()).as(kind.getKey()).containsExactly(expected);
          }
        }
      }
    } finally {
      kinds.values().forEach(Layer::close);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyKindRoundTripsThroughArchitectureJsonText(String name) throws Exception {
    Backend b = Backends.get(name);
    Map<String, Layer> kinds = everyKind(b);
    try {
      for (Map.Entry<String, Layer> kind : kinds.entrySet()) {
        Layer model = kind.getValue();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", model.typeName());
        spec.put("config", model.config());
        String json = JSON.std.asString(spec);
        try (Layer rebuilt =
            Sequential.build(b, JSON.std.mapFrom(json), Autoencoders.factories())) {
          assertSameModel(kind.getKey(), model, rebuilt, b);
          Map<String, Object> again = new LinkedHashMap<>();
          again.put("type", rebuilt.typeName());
          again.put("config", rebuilt.config());
          assertThat(JSON.std.asString(again)).as(kind.getKey()).isEqualTo(json);
        }
      }
    } finally {
      kinds.values().forEach(Layer::close);
    }
  }

  @Test
  void badConfigsNameTheKindTheKeyAndTheValue() throws Exception {
    Backend b = Backends.get();
    try (Autoencoder ae = Autoencoders.dense(LayerOptions.defaults().on(b), 12, 4)) {
      Map<String, Object> spec =
          JSON.std.mapFrom(
              JSON.std.asString(Map.of("type", "sparse_autoencoder", "config", ae.config())));
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) spec.get("config");
      // no sparsity penalty
      assertThatThrownBy(() -> Sequential.build(b, spec, Autoencoders.factories()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sparse_autoencoder: config is missing 'sparsity'");
      config.put("sparsity", Map.of("type", "kl_sparsity", "target", 1.5, "weight", 1.0));
      assertThatThrownBy(() -> Sequential.build(b, spec, Autoencoders.factories()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "SparseAutoencoder: activity penalty: the target activation ρ must lie in (0, 1),"
                  + " got 1.5");
      // a decoder that does not reconstruct the input shape
      Map<String, Object> plain = new LinkedHashMap<>(ae.config());
      plain.put("inputShape", List.of(13));
      assertThatThrownBy(
              () ->
                  Sequential.build(
                      b, Map.of("type", "autoencoder", "config", plain), Autoencoders.factories()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Autoencoder: the encoder does not accept inputs of shape [13]");
    }
  }

  @Test
  void aBinaryCrossEntropyReconstructionRefusesTargetsOutsideTheUnitIntervalNamingTheModel() {
    Backend b = Backends.get();
    LayerOptions o = LayerOptions.defaults().on(b).seed(1);
    try (Autoencoder ae =
            new Autoencoder(
                new int[] {3},
                new Dense(3, 2, o),
                new Sequential(new Dense(2, 3, o), new Activation.Sigmoid()),
                new BinaryCrossEntropy());
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, new float[] {0.5f, 1.5f, 0.2f}, 1, 3);
      // eagerly by default
      assertThatThrownBy(() -> ae.objective(x, x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Autoencoder([3] -> [2]): bce: ")
          .hasMessageContaining("1.5");
      // deferred (as the Trainer runs an AutoencoderStep): the loss is NaN, and the host check
      // names the value
      Objective objective = ValueChecks.deferred(() -> ae.objective(x, x));
      assertThat(objective.reconstruction().item()).isNaN();
      assertThatThrownBy(() -> ae.checkReconstructionInputs(objective.output(), x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Autoencoder([3] -> [2]): bce: ")
          .hasMessageContaining("1.5");
    }
  }
}
