package dev.stratum.layers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.stratum.inject.Registries;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.loss.LossesModule;
import dev.stratum.layers.regularization.RegularizationModule;
import dev.stratum.nn.LayerFactory;
import java.util.Map;

/**
 * Registers everything of {@code stratum-layers} by name: every layer and activation in the {@code
 * Map<String, LayerFactory>} registry under the names of {@link StandardLayers#factories()} ({@code
 * "dense"}, {@code "conv2d"}, {@code "relu"}, ...) plus {@code "activity_regularization"} (through
 * {@link RegularizationModule}), and every loss in the {@code Map<String, LossFactory>} registry
 * (through {@link LossesModule}). A third-party module adds its own layers to the same registry
 * with {@code Registries.registry(binder(), LayerFactory.class).addBinding(name)}.
 *
 * <p>Installing {@code LossesModule} or {@code RegularizationModule} beside this one is harmless:
 * modules of the same class are equal, and Guice installs each once.
 */
public final class LayersModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, LayerFactory> layers = Registries.registry(binder(), LayerFactory.class);
    for (Map.Entry<String, LayerFactory> e : StandardLayers.factories().entrySet()) {
      layers.addBinding(e.getKey()).toInstance(e.getValue());
    }
    install(new LossesModule());
    install(new RegularizationModule());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LayersModule;
  }

  @Override
  public int hashCode() {
    return LayersModule.class.hashCode();
  }
}
