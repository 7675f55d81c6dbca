package dev.stratum.autoencoders.vae;

import com.google.inject.AbstractModule;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.inject.LayersModule;
import dev.stratum.nn.LayerFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers {@link VariationalAutoencoder#TYPE} ({@code "variational_autoencoder"}) in the {@code
 * Map<String, LayerFactory>} registry, beside every layer of {@code stratum-layers} (it installs
 * {@link LayersModule}, which Guice installs once however many modules do), so that {@code
 * Checkpoint.loadModel(dir, backend, Registries.layerFactories(injector))} rebuilds a saved VAE.
 * Without Guice, {@link #factories()} is the same registry as a map.
 */
public final class VaeModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new LayersModule());
    LayersModule.addLayerType(binder(), VariationalAutoencoder.TYPE);
  }

  /** The layers of {@code stratum-layers} and the VAE, by type name, for plain Java. */
  public static Map<String, LayerFactory> factories() {
    Map<String, LayerFactory> all = new LinkedHashMap<>(StandardLayers.factories());
    all.put(VariationalAutoencoder.TYPE.name(), VariationalAutoencoder.TYPE.factory());
    return Collections.unmodifiableMap(all);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VaeModule;
  }

  @Override
  public int hashCode() {
    return VaeModule.class.hashCode();
  }
}
