package dev.stratum.autoencoders.inject;

import com.google.inject.AbstractModule;
import dev.stratum.autoencoders.Autoencoders;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.inject.LayersModule;

/**
 * Registers every autoencoder kind by name in the {@code Map<String, LayerFactory>} registry
 * ({@code "autoencoder"}, {@code "sparse_autoencoder"}, {@code "denoising_autoencoder"}, {@code
 * "contractive_autoencoder"} and the layer {@code "tied_dense"}; see {@link Autoencoders#types()}),
 * and installs {@link LayersModule} for the layers inside them, so that {@code
 * Checkpoint.loadModel(dir, backend, Registries.layerFactories(injector))} rebuilds any of them.
 * The VAE and the GAN of this module add theirs the same way, with {@link
 * LayersModule#addLayerType}.
 */
public final class AutoencodersModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new LayersModule());
    for (LayerType<?> type : Autoencoders.types()) {
      LayersModule.addLayerType(binder(), type);
    }
  }

  /** Modules of this class are equal, so installing it twice registers everything once. */
  @Override
  public boolean equals(Object other) {
    return other instanceof AutoencodersModule;
  }

  @Override
  public int hashCode() {
    return AutoencodersModule.class.hashCode();
  }
}
