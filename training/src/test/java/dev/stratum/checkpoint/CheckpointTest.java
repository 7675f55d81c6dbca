package dev.stratum.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.inject.Registries;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.testing.ArrayLoader;
import dev.stratum.testing.Blobs;
import dev.stratum.testing.MomentumSgd;
import dev.stratum.testing.TestLosses;
import dev.stratum.testing.TinyLinear;
import dev.stratum.testing.TinyStack;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {

  @TempDir Path dir;

  static Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  static Stream<Arguments> backendPairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (String from : Backends.availableNames()) {
      for (String to : Backends.availableNames()) {
        pairs.add(Arguments.of(from, to));
      }
    }
    return pairs.stream();
  }

  /** A model with awkward values written into its first weight, and a trained optimizer. */
  record Trained(TinyStack model, MomentumSgd optimizer) {
    static Trained on(Backend backend, long seed) {
      TinyStack model = TinyStack.mlp(backend, 4, 8, 3, seed);
      MomentumSgd optimizer = new MomentumSgd(model.parameters(), 0.05, 0.9f);
      Blobs blobs = Blobs.generate(48, 4, 3, seed);
      Trainer.builder()
          .model(model)
          .optimizer(optimizer)
          .loss(TestLosses.CROSS_ENTROPY)
          .trainingData(new ArrayLoader(backend, blobs.inputs(), 4, blobs.labels(), 0, 16, seed))
          .epochs(2)
          .progress(false)
          .build()
          .fit();
      float[] awkward = model.parameters().get("1.bias").toArray();
      awkward[0] = Float.intBitsToFloat(0x7fc0beef);
      awkward[1] = -0f;
      awkward[2] = Float.MIN_VALUE;
      try (NoGrad ignored = Autograd.noGrad();
          Tensor t = Tensor.of(backend, awkward, 3)) {
        model.parameters().get("1.bias").copyFrom(t);
      }
      optimizer.groups().get(0).learningRate(0.0123);
      optimizer.groups().get(0).weightDecay(0.5);
      return new Trained(model, optimizer);
    }
  }

  static Map<String, int[]> bits(Map<String, Tensor> tensors) {
    Map<String, int[]> bits = new LinkedHashMap<>();
    tensors.forEach(
        (name, t) -> {
          float[] v = t.toArray();
          int[] b = new int[v.length];
          for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
          }
          bits.put(name, b);
        });
    return bits;
  }

  static Map<String, int[]> weights(Layer model) {
    Map<String, Tensor> all = new LinkedHashMap<>(model.parameters());
    all.putAll(model.buffers());
    return bits(all);
  }

  static Map<String, int[]> state(Optimizer optimizer) {
    Map<String, Tensor> state = optimizer.state();
    try {
      return bits(state);
    } finally {
      state.values().forEach(Tensor::close);
    }
  }

  static void assertSameBits(Map<String, int[]> actual, Map<String, int[]> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((name, b) -> assertThat(actual.get(name)).as(name).containsExactly(b));
  }

  @ParameterizedTest
  @MethodSource("backendPairs")
  void modelAndOptimizerRoundTripBitExactlyAcrossBackends(String from, String to)
      throws IOException {
    Trained saved = Trained.on(Backends.get(from), 1);
    Checkpoint.save(dir.resolve("ckpt"), saved.model(), saved.optimizer(), Map.of("epoch", "2"));

    Backend target = Backends.get(to);
    TinyStack model = TinyStack.mlp(target, 4, 8, 3, 99);
    MomentumSgd optimizer = new MomentumSgd(model.parameters(), 1, 0.9f);
    Checkpoint.load(dir.resolve("ckpt"), model, optimizer);

    assertSameBits(weights(model), weights(saved.model()));
    assertSameBits(state(optimizer), state(saved.optimizer()));
    assertThat(optimizer.iterations()).isEqualTo(saved.optimizer().iterations()).isEqualTo(6);
    assertThat(optimizer.groups().get(0).learningRate()).isEqualTo(0.0123);
    assertThat(optimizer.groups().get(0).weightDecay()).isEqualTo(0.5);
    assertThat(model.parameters().get("0.weight").backend()).isSameAs(target);
    assertThat(Checkpoint.metadata(dir.resolve("ckpt"))).containsEntry("epoch", "2");
    try (var files = Files.list(dir.resolve("ckpt"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "model.safetensors", "model.json", "optimizer.safetensors", "optimizer.json");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void architectureIsRebuiltThroughTheRegistryOrAGuiceMapBinder(String name) throws IOException {
    Backend backend = Backends.get(name);
    Trained saved = Trained.on(backend, 2);
    Checkpoint.save(dir.resolve("ckpt"), saved.model());

    assertThat(Files.readString(dir.resolve("ckpt/model.json")))
        .contains("\"type\":\"tiny_stack\"")
        .contains("\"type\":\"tiny_linear\"");
    try (Layer plain = Checkpoint.loadModel(dir.resolve("ckpt"), backend, TinyStack.REGISTRY)) {
      assertSameBits(weights(plain), weights(saved.model()));
    }
    var injector =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                var layers = Registries.registry(binder(), LayerFactory.class);
                layers.addBinding("tiny_linear").toInstance(TinyLinear.FACTORY);
                layers.addBinding("tiny_stack").toInstance(TinyStack.FACTORY);
              }
            });
    try (Layer guiced =
        Checkpoint.loadModel(dir.resolve("ckpt"), backend, Registries.layerFactories(injector))) {
      assertThat(guiced).isInstanceOf(TinyStack.class);
      assertSameBits(weights(guiced), weights(saved.model()));
    }
    assertThatThrownBy(
            () ->
                Checkpoint.loadModel(
                    dir.resolve("ckpt"), backend, Map.of("tiny_linear", TinyLinear.FACTORY)))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            dir.resolve("ckpt/model.json").toAbsolutePath()
                + ": no layer factory registered for type 'tiny_stack' (registered:"
                + " [tiny_linear]); add the module that provides it");
  }

  @Test
  void mismatchedModelsGetClearErrorsAndStayUntouched() throws IOException {
    Backend backend = Backends.get("vector");
    Trained saved = Trained.on(backend, 3);
    Path ckpt = dir.resolve("ckpt");
    Checkpoint.save(ckpt, saved.model(), saved.optimizer());
    Path weightsFile = ckpt.resolve("model.safetensors").toAbsolutePath();

    TinyStack wider = TinyStack.mlp(backend, 4, 9, 3, 5);
    Map<String, int[]> before = weights(wider);
    assertThatThrownBy(() -> Checkpoint.load(ckpt, wider))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            weightsFile + ": tensor '0.weight' has shape [4, 8] but the model expects [4, 9]");
    assertSameBits(weights(wider), before);

    TinyStack deeper =
        new TinyStack(
            backend,
            List.of(
                new TinyLinear(backend, 4, 8, 1),
                new TinyLinear(backend, 8, 3, 2),
                new TinyLinear(backend, 3, 3, 3)));
    assertThatThrownBy(() -> Checkpoint.load(ckpt, deeper))
        .hasMessage(weightsFile + ": missing tensors [2.weight, 2.bias] that the model has");

    TinyStack shallower = new TinyStack(backend, List.of(new TinyLinear(backend, 4, 8, 1)));
    assertThatThrownBy(() -> Checkpoint.load(ckpt, shallower))
        .hasMessage(
            weightsFile + ": unexpected tensors [1.weight, 1.bias] that the model does not have");

    // an optimizer that rejects the state: the model must not have been written either
    TinyStack model = TinyStack.mlp(backend, 4, 8, 3, 6);
    Map<String, int[]> untouched = weights(model);
    MomentumSgd other =
        new MomentumSgd(Map.of("weight", model.parameters().get("0.weight")), 0.1, 0.9f);
    assertThatThrownBy(() -> Checkpoint.load(ckpt, model, other))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            ckpt.resolve("optimizer.json").toAbsolutePath()
                + ": group 0 holds parameters [0.weight, 0.bias, 1.weight, 1.bias] but the"
                + " optimizer's are [weight]");
    assertSameBits(weights(model), untouched);

    Optimizer foreign = new ForeignOptimizer(model.parameters());
    assertThatThrownBy(() -> Checkpoint.load(ckpt, model, foreign))
        .hasMessage(
            ckpt.resolve("optimizer.json").toAbsolutePath()
                + ": saved by optimizer dev.stratum.testing.MomentumSgd, cannot load into "
                + ForeignOptimizer.class.getName());
    assertSameBits(weights(model), untouched);

    assertThatThrownBy(() -> Checkpoint.load(dir.resolve("nothing"), model))
        .hasMessage(dir.resolve("nothing").toAbsolutePath() + ": no checkpoint directory here");
  }

  @Test
  void aCorruptWeightsFileLeavesTheModelUntouched() throws IOException {
    Backend backend = Backends.get("vector");
    Trained saved = Trained.on(backend, 4);
    Path ckpt = dir.resolve("ckpt");
    Checkpoint.save(ckpt, saved.model());
    Path weightsFile = ckpt.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weightsFile);
    Files.write(weightsFile, java.util.Arrays.copyOf(bytes, bytes.length - 4));

    TinyStack model = TinyStack.mlp(backend, 4, 8, 3, 7);
    Map<String, int[]> before = weights(model);
    assertThatThrownBy(() -> Checkpoint.load(ckpt, model))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("are out of range for a data section of");
    assertSameBits(weights(model), before);
  }

  /**
   * A save that fails half-way (a parameter that cannot be read, standing in for a crash or a full
   * disk) leaves the previous checkpoint loadable, and no staging directory behind.
   */
  @Test
  void aFailedSaveLeavesThePreviousCheckpointIntact() throws IOException {
    Backend backend = Backends.get("vector");
    Trained first = Trained.on(backend, 5);
    Path ckpt = dir.resolve("ckpt");
    Checkpoint.save(ckpt, first.model(), first.optimizer());

    Trained second = Trained.on(backend, 6);
    Optimizer failing =
        new ForwardingOptimizer(second.optimizer()) {
          @Override
          public Map<String, Tensor> state() {
            throw new IllegalStateException("device lost (simulated)");
          }
        };
    assertThatThrownBy(() -> Checkpoint.save(ckpt, second.model(), failing))
        .hasMessage("device lost (simulated)");
    // a failure while the files are being written, after the first file is complete
    assertThatThrownBy(
            () ->
                CheckpointDirectory.replace(
                    ckpt,
                    staging -> {
                      SafeTensors.write(
                          staging.resolve(Checkpoint.MODEL_WEIGHTS),
                          Checkpoint.download(second.model().parameters()),
                          Map.of());
                      throw new IOException("disk full (simulated)");
                    }))
        .hasMessage("disk full (simulated)");

    TinyStack model = TinyStack.mlp(backend, 4, 8, 3, 9);
    MomentumSgd optimizer = new MomentumSgd(model.parameters(), 1, 0.9f);
    Checkpoint.load(ckpt, model, optimizer);
    assertSameBits(weights(model), weights(first.model()));
    assertSameBits(state(optimizer), state(first.optimizer()));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckpt");
    }
  }

  /**
   * The states a crash can leave between the steps of a save: a half-written staging directory, and
   * the old directory already moved aside but the new one not yet in place.
   */
  @Test
  void aCrashBetweenTheRenamesLeavesTheOldCheckpointLoadable() throws IOException {
    Backend backend = Backends.get("vector");
    Trained first = Trained.on(backend, 10);
    Path ckpt = dir.resolve("ckpt");
    Checkpoint.save(ckpt, first.model());
    // crash after the first rename, with a half-written staging directory beside it
    Files.move(ckpt, dir.resolve(".ckpt.previous"));
    Path staging = Files.createDirectory(dir.resolve(".ckpt.staging-123"));
    Files.write(staging.resolve("model.safetensors"), new byte[] {1, 2, 3});

    TinyStack model = TinyStack.mlp(backend, 4, 8, 3, 11);
    Checkpoint.load(ckpt, model);
    assertSameBits(weights(model), weights(first.model()));

    // the next save completes the interrupted one and cleans up
    Trained second = Trained.on(backend, 12);
    Checkpoint.save(ckpt, second.model());
    Checkpoint.load(ckpt, model);
    assertSameBits(weights(model), weights(second.model()));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckpt");
    }
  }

  /** Training resumed from a checkpoint ends bit-identical to training straight through. */
  @ParameterizedTest
  @MethodSource("backends")
  void resumingFromACheckpointMatchesAnUninterruptedRun(String name) throws IOException {
    Backend backend = Backends.get(name);
    Blobs blobs = Blobs.generate(64, 4, 3, 21);
    ArrayLoader straightData =
        new ArrayLoader(backend, blobs.inputs(), 4, blobs.labels(), 0, 16, 21);
    TinyStack straight = TinyStack.mlp(backend, 4, 8, 3, 21);
    MomentumSgd straightSgd = new MomentumSgd(straight.parameters(), 0.05, 0.9f);
    trainer(straight, straightSgd, straightData, 4).fit();

    ArrayLoader data = new ArrayLoader(backend, blobs.inputs(), 4, blobs.labels(), 0, 16, 21);
    TinyStack first = TinyStack.mlp(backend, 4, 8, 3, 21);
    MomentumSgd firstSgd = new MomentumSgd(first.parameters(), 0.05, 0.9f);
    trainer(first, firstSgd, data, 2).fit();
    Checkpoint.save(dir.resolve("half"), first, firstSgd);
    TinyStack resumed =
        (TinyStack) Checkpoint.loadModel(dir.resolve("half"), backend, TinyStack.REGISTRY);
    MomentumSgd resumedSgd = new MomentumSgd(resumed.parameters(), 0.05, 0.9f);
    Checkpoint.load(dir.resolve("half"), resumed, resumedSgd);
    trainer(resumed, resumedSgd, data, 2).fit();

    assertSameBits(weights(resumed), weights(straight));
    assertThat(resumedSgd.iterations()).isEqualTo(16);
  }

  private static Trainer trainer(
      TinyStack model, MomentumSgd optimizer, ArrayLoader data, int epochs) {
    return Trainer.builder()
        .model(model)
        .optimizer(optimizer)
        .loss(TestLosses.CROSS_ENTROPY)
        .trainingData(data)
        .epochs(epochs)
        .progress(false)
        .build();
  }

  /** Delegates everything to another optimizer (tests override one method). */
  static class ForwardingOptimizer implements Optimizer {
    private final Optimizer delegate;

    ForwardingOptimizer(Optimizer delegate) {
      this.delegate = delegate;
    }

    @Override
    public void step() {
      delegate.step();
    }

    @Override
    public List<dev.stratum.optim.ParameterGroup> groups() {
      return delegate.groups();
    }

    @Override
    public long iterations() {
      return delegate.iterations();
    }

    @Override
    public Map<String, Tensor> state() {
      return delegate.state();
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
      delegate.loadState(state);
    }
  }

  /** Another optimizer class over the same parameters. */
  static final class ForeignOptimizer extends ForwardingOptimizer {
    ForeignOptimizer(Map<String, Tensor> parameters) {
      super(new MomentumSgd(parameters, 0.1, 0));
    }
  }
}
