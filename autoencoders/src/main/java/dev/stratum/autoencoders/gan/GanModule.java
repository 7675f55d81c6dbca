package dev.stratum.autoencoders.gan;

import com.google.inject.AbstractModule;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.inject.LayersModule;
import dev.stratum.nn.LayerFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers {@link Gan#TYPE} ({@code "gan"}) in the {@code Map<String, LayerFactory>} registry,
 * beside every layer of {@code stratum-layers} (it installs {@link LayersModule}, which Guice
 * installs once however many modules do), so that {@code Checkpoint.loadModel} rebuilds a saved
 * GAN. Without Guice, {@link #factories()} is the same registry as a map.
 */
public final class GanModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new LayersModule());
    LayersModule.addLayerType(binder(), Gan.TYPE);
  }

  /** The layers of {@code stratum-layers} and the GAN, by type name, for plain Java. */
  public static Map<String, LayerFactory> factories() {
    Map<String, LayerFactory> all = new LinkedHashMap<>(StandardLayers.factories());
    all.put(Gan.TYPE.name(), Gan.TYPE.factory());
    return Collections.unmodifiableMap(all);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GanModule;
  }

  @Override
  public int hashCode() {
    return GanModule.class.hashCode();
  }
}
