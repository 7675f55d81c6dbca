package dev.stratum.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.inject.Registries;
import dev.stratum.inject.StratumModule;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.inject.LayersModule;
import dev.stratum.layers.loss.LossFactory;
import dev.stratum.layers.loss.Losses;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.nn.Loss;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.optimizers.spec.OptimizersModule;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.testing.Blobs;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything built by name through one injector (model from architecture JSON, loss and optimizer
 * with its schedule from JSON specs), trained with the {@link Trainer}, checkpointed halfway and
 * resumed into a fresh model and optimizer rebuilt through the injector's registries: the resumed
 * run must end with exactly the parameters of an uninterrupted one, for every built-in optimizer,
 * per-step and per-epoch schedules, on every backend present.
 *
 * <p>The model uses tanh and softmax cross-entropy, so exp-based kernels run while the JIT compiles
 * them: bit-identical ends also show that the vector backend does not depend on JIT state (see
 * "Results do not depend on the JIT" in docs/design-notes.md).
 */
class ResumeFromJsonTest {

  static final String ARCHITECTURE =
      """
      {"type": "sequential", "config": {"layers": [
        {"type": "dense", "config": {"inFeatures": 6, "outFeatures": 16}},
        {"type": "tanh"},
        {"type": "dense", "config": {"inFeatures": 16, "outFeatures": 3}}]}}
      """;

  static final String LOSS = "{\"type\": \"cross_entropy\"}";

  static final int EPOCHS = 4;
  static final int HALFWAY = 2;

  static final Map<String, String> SPECS = specs();

  private static Map<String, String> specs() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(
        "adam",
        """
        {"optimizer": "adam", "lr": 1e-2, "schedule": {"type": "cosine", "t_max": 24}}""");
    s.put(
        "adamw",
        """
        {"optimizer": "adamw", "lr": 1e-2, "weight_decay": 0.01,
         "schedule": {"type": "cosine", "t_max": 4, "per": "epoch"}}""");
    s.put(
        "momentum",
        """
        {"optimizer": "momentum", "lr": 0.05,
         "schedule": {"type": "step", "step_size": 1, "gamma": 0.5, "per": "epoch"}}""");
    s.put(
        "nesterov",
        """
        {"optimizer": "nesterov", "lr": 0.05, "weight_decay": 1e-3,
         "schedule": {"type": "linear_warmup", "steps": 10}}""");
    s.put("rmsprop", "{\"optimizer\": \"rmsprop\", \"lr\": 1e-2, \"momentum\": 0.5}");
    s.put("aggmo", "{\"optimizer\": \"aggmo\", \"lr\": 0.05}");
    s.put("adagrad", "{\"optimizer\": \"adagrad\", \"lr\": 0.05}");
    s.put("adadelta", "{\"optimizer\": \"adadelta\"}");
    s.put("adamax", "{\"optimizer\": \"adamax\", \"lr\": 1e-2}");
    s.put("nadam", "{\"optimizer\": \"nadam\", \"lr\": 1e-2}");
    s.put("amsgrad", "{\"optimizer\": \"amsgrad\", \"lr\": 1e-2}");
    s.put("qhadam", "{\"optimizer\": \"qhadam\", \"lr\": 1e-2}");
    return s;
  }

  static Stream<Arguments> cases() {
    return Backends.availableNames().stream()
        .flatMap(b -> SPECS.keySet().stream().map(o -> Arguments.of(b, o)));
  }

  /** The injector's registries, and the data every run sees. */
  record Parts(
      Backend backend,
      Map<String, LayerFactory> layers,
      Map<String, LossFactory> losses,
      OptimizerSpec optimizers,
      ArrayDataset data) {

    static Parts of(Injector injector) {
      Blobs blobs = Blobs.generate(96, 6, 3, 11);
      int[] labels = new int[96];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (int) blobs.labels()[i];
      }
      return new Parts(
          injector.getInstance(Backend.class),
          Registries.layerFactories(injector),
          injector.getInstance(
              com.google.inject.Key.get(
                  new com.google.inject.TypeLiteral<Map<String, LossFactory>>() {})),
          injector.getInstance(OptimizerSpec.class),
          ArrayDataset.classification(
              dev.stratum.data.SampleArray.floats(blobs.inputs(), 6), labels));
    }

    Layer model() throws IOException {
      return Sequential.build(backend, JSON.std.mapFrom(ARCHITECTURE), layers);
    }

    Loss loss() throws IOException {
      return Losses.create(JSON.std.mapFrom(LOSS), losses);
    }

    DataLoader loader() {
      return DataLoader.builder(data.oneHotTargets(3))
          .batchSize(16)
          .shuffle(5)
          .backend(backend)
          .build();
    }

    /** Trains epochs {@code from + 1 .. to} with a fresh loader. */
    void train(Layer model, OptimizerSpec.Built built, int from, int to) throws IOException {
      try (DataLoader loader = loader()) {
        Trainer.builder()
            .model(model)
            .optimizer(built.optimizer())
            .loss(loss())
            .trainingData(loader)
            .epochs(to)
            .initialEpoch(from)
            .callbacks(built.callbacks().toArray(dev.stratum.callback.Callback[]::new))
            .progress(false)
            .build()
            .fit();
      }
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void aResumedRunEndsBitIdenticalToAnUninterruptedOne(
      String backendName, String optimizer, @TempDir Path dir) throws IOException {
    Injector injector =
        Guice.createInjector(
            StratumModule.withBackend(backendName), new LayersModule(), new OptimizersModule());
    Parts parts = Parts.of(injector);
    String spec = SPECS.get(optimizer);

    Map<String, float[]> initial;
    Map<String, float[]> uninterrupted;
    try (Layer model = parts.model()) {
      initial = host(model);
      OptimizerSpec.Built built = parts.optimizers().build(spec, model.parameters());
      try (var ignored = built.optimizer()) {
        parts.train(model, built, 0, EPOCHS);
      }
      uninterrupted = host(model);
    }

    Path checkpoint = dir.resolve("halfway");
    try (Layer model = parts.model()) {
      copyInto(model, initial);
      OptimizerSpec.Built built = parts.optimizers().build(spec, model.parameters());
      try (var ignored = built.optimizer()) {
        parts.train(model, built, 0, HALFWAY);
        Checkpoint.save(checkpoint, model, built.optimizer());
      }
    }
    try (Layer resumed = Checkpoint.loadModel(checkpoint, parts.backend(), parts.layers())) {
      OptimizerSpec.Built built = parts.optimizers().build(spec, resumed.parameters());
      try (var ignored = built.optimizer()) {
        Checkpoint.load(checkpoint, resumed, built.optimizer());
        assertThat(built.optimizer().iterations()).isEqualTo(HALFWAY * 6L);
        parts.train(resumed, built, HALFWAY, EPOCHS);
        assertThat(built.optimizer().iterations()).isEqualTo(EPOCHS * 6L);
      }
      Map<String, float[]> end = host(resumed);
      assertThat(end.keySet()).containsExactlyElementsOf(uninterrupted.keySet());
      uninterrupted.forEach(
          (name, values) -> {
            assertThat(values).as("%s moved", name).isNotEqualTo(initial.get(name));
            assertThat(end.get(name)).as(name).containsExactly(values);
          });
    }
  }

  private static Map<String, float[]> host(Layer model) {
    Map<String, float[]> values = new LinkedHashMap<>();
    model.parameters().forEach((name, t) -> values.put(name, t.toArray()));
    return values;
  }

  private static void copyInto(Layer model, Map<String, float[]> values) {
    try (NoGrad ignored = Autograd.noGrad()) {
      model
          .parameters()
          .forEach(
              (name, t) -> {
                try (Tensor v = Tensor.of(t.backend(), values.get(name), t.shape())) {
                  t.copyFrom(v);
                }
              });
    }
  }
}
