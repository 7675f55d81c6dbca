package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import dev.stratum.autoencoders.gan.GanModule;
import dev.stratum.autoencoders.inject.AutoencodersModule;
import dev.stratum.inject.Registries;
import dev.stratum.nn.LayerFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's three Guice modules install together (each installs LayersModule, which Guice
 * installs once) and one registry then holds every kind, the VAE's and the GAN's among them.
 */
class AllModulesTogetherTest {

  @Test
  void oneInjectorRegistersEveryKind() {
    Map<String, LayerFactory> registry =
        Registries.layerFactories(
            Guice.createInjector(new AutoencodersModule(), new VaeModule(), new GanModule()));
    assertThat(registry)
        .containsKeys("autoencoder", "variational_autoencoder", "gan", "dense", "conv_transpose2d");
  }
}
