package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.inject.Registries;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.TestBackends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A VAE saved with {@code Checkpoint.save} comes back from {@code model.json} through the registry,
 * with Guice ({@link VaeModule}) and without ({@link VaeModule#factories()}): the same config, the
 * same parameters bit for bit (the learned decoder variance among them), and so the same ELBO for
 * the same ε. Every decoder, every backend.
 */
class VaeCheckpointTest {

  static Stream<Arguments> cases() {
    return TestBackends.names().stream()
        .flatMap(n -> Stream.of(Likelihood.values()).map(l -> Arguments.of(n, l)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aSavedVaeRebuildsFromItsArchitectureJson(
      String name, Likelihood likelihood, @TempDir Path dir) throws IOException {
    Backend b = Backends.get(name);
    Map<String, LayerFactory> guice =
        Registries.layerFactories(Guice.createInjector(new VaeModule()));
    try (VariationalAutoencoder vae =
        new VariationalAutoencoder(
            VariationalAutoencoder.denseConfig(
                    LayerOptions.defaults().on(b).seed(9), likelihood, 6, 5, 3)
                .withVariance(0.25)
                .withBeta(2.5)
                .withSeed(17),
            b)) {
      vae.logVariance().ifPresent(t -> CentralDifferences.set(t, new float[] {-0.7f}));
      Checkpoint.save(dir, vae);
      for (Map<String, LayerFactory> registry : java.util.List.of(guice, VaeModule.factories())) {
        try (Layer loaded = Checkpoint.loadModel(dir, b, registry)) {
          assertThat(loaded).isInstanceOf(VariationalAutoencoder.class);
          VariationalAutoencoder back = (VariationalAutoencoder) loaded;
          assertThat(back.config()).isEqualTo(vae.config());
          assertThat(back.typeName()).isEqualTo("variational_autoencoder");
          assertThat(back.parameters().keySet())
              .containsExactlyElementsOf(vae.parameters().keySet());
          for (String key : vae.parameters().keySet()) {
            assertThat(back.parameters().get(key).toArray())
                .as(key)
                .containsExactly(vae.parameters().get(key).toArray());
          }
          assertThat(elbo(back, b)).containsExactly(elbo(vae, b));
        }
      }
    }
  }

  private static float[] elbo(VariationalAutoencoder vae, Backend b) {
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      Generator g = new Generator(3);
      Tensor x = g.uniform(b, 0, 1, 4, 6);
      return vae.elbo(x, x, g.normal(b, 0, 1, 4, 3)).negativeElbo().toArray();
    }
  }

  /** The JSON config names every argument, with the likelihood in lower case. */
  @ParameterizedTest
  @MethodSource("cases")
  void theConfigHoldsEveryArgument(String name, Likelihood likelihood) {
    try (VariationalAutoencoder vae =
        new VariationalAutoencoder(
            VariationalAutoencoder.denseConfig(
                    LayerOptions.defaults().on(Backends.get(name)).seed(9), likelihood, 6, 3)
                .withVariance(0.25)
                .withBeta(2.5)
                .withSeed(17),
            Backends.get(name))) {
      Map<String, Object> config = vae.config();
      assertThat(config.keySet())
          .containsExactly(
              "inputShape",
              "latentSize",
              "encoder",
              "decoder",
              "likelihood",
              "variance",
              "beta",
              "seed");
      assertThat(config.get("likelihood"))
          .isEqualTo(likelihood.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(config.get("beta")).isEqualTo(2.5);
      assertThat(config.get("seed")).isEqualTo(17);
    }
  }

  /** A config whose numbers are out of range is refused when read back, naming the model. */
  @ParameterizedTest
  @MethodSource("cases")
  void aBadConfigReadFromJsonIsRefused(String name, Likelihood likelihood) {
    Backend b = Backends.get(name);
    try (VariationalAutoencoder vae =
        VariationalAutoencoder.dense(LayerOptions.defaults().on(b).seed(9), likelihood, 6, 3)) {
      Map<String, Object> config = new java.util.LinkedHashMap<>(vae.config());
      config.put("latentSize", 4);
      assertThatThrownBy(
              () -> VariationalAutoencoder.TYPE.factory().create(b, config, VaeModule.factories()))
          .hasMessageContaining(
              "the encoder gives [1, 6] for one sample, but a latent size of 4 needs [1, 8]");
    }
  }
}
