package dev.stratum.layers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.stratum.inject.Registries;
import dev.stratum.layers.StandardLayers;
import dev.stratum.nn.LayerFactory;
import java.util.Map;

/**
 * Registers every layer and activation of {@code stratum-layers} in the {@code Map<String,
 * LayerFactory>} registry, under the names of {@link StandardLayers#factories()} ({@code "dense"},
 * {@code "conv2d"}, {@code "relu"}, ...). A third-party module adds its own layers to the same
 * registry with {@code Registries.registry(binder(), LayerFactory.class).addBinding(name)}.
 */
public final class LayersModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, LayerFactory> layers = Registries.registry(binder(), LayerFactory.class);
    for (Map.Entry<String, LayerFactory> e : StandardLayers.factories().entrySet()) {
      layers.addBinding(e.getKey()).toInstance(e.getValue());
    }
  }
}
