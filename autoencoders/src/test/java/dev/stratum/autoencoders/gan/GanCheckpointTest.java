package dev.stratum.autoencoders.gan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.data.Batch;
import dev.stratum.inject.Registries;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.TestBackends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A GAN, dense and convolutional, saved after one training step comes back from {@code model.json}
 * through Guice ({@link GanModule}) and the plain registry: the same config, the same parameters
 * and buffers (the batch-norm running statistics) bit for bit, the same samples.
 */
class GanCheckpointTest {

  static Stream<Arguments> cases() {
    Function<Backend, Gan> dense = b -> Gan.dense(LayerOptions.defaults().on(b).seed(2), 12, 3, 8);
    Function<Backend, Gan> conv =
        b -> Gan.convolutional(LayerOptions.defaults().on(b).seed(2), 4, 2);
    return TestBackends.names().stream()
        .flatMap(n -> Stream.of(Arguments.of(n, "dense", dense), Arguments.of(n, "dcgan", conv)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void aSavedGanRebuildsFromItsArchitectureJson(
      String name, String kind, Function<Backend, Gan> build, @TempDir Path dir)
      throws IOException {
    Backend b = Backends.get(name);
    Map<String, LayerFactory> guice =
        Registries.layerFactories(Guice.createInjector(new GanModule()));
    try (Gan gan = build.apply(b);
        Adam d = Gan.adam(gan.discriminatorParameters(), 1e-2);
        Adam g = Gan.adam(gan.generatorParameters(), 1e-2)) {
      try (TensorScope scope = TensorScope.open()) {
        int[] shape = gan.sampleShape();
        int[] batch = new int[shape.length + 1];
        batch[0] = 4;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        Tensor x = new Generator(1).uniform(b, 0, 1, batch);
        gan.step(d, g).train(new Batch(x, x));
      }
      gan.eval();
      Checkpoint.save(dir, gan);
      for (Map<String, LayerFactory> registry : List.of(guice, GanModule.factories())) {
        try (Layer loaded = Checkpoint.loadModel(dir, b, registry)) {
          assertThat(loaded).isInstanceOf(Gan.class);
          Gan back = (Gan) loaded;
          back.eval();
          assertThat(back.config()).isEqualTo(gan.config());
          assertSame(back.parameters(), gan.parameters());
          assertSame(back.buffers(), gan.buffers());
          assertThat(samples(back, b)).containsExactly(samples(gan, b));
        }
      }
    }
  }

  private static void assertSame(Map<String, Tensor> actual, Map<String, Tensor> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String key : expected.keySet()) {
      assertThat(actual.get(key).toArray()).as(key).containsExactly(expected.get(key).toArray());
    }
  }

  private static float[] samples(Gan gan, Backend b) {
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      return gan.sample(b, 3, new Generator(4)).toArray();
    }
  }
}
