package dev.stratum.layers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import dev.stratum.inject.Registries;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.loss.LossesModule;
import dev.stratum.layers.regularization.RegularizationModule;
import dev.stratum.nn.LayerFactory;

/**
 * Registers everything of {@code stratum-layers} by name: every layer and activation in the {@code
 * Map<String, LayerFactory>} registry under the names of {@link StandardLayers#layerTypes()}
 * ({@code "dense"}, {@code "conv2d"}, {@code "relu"}, ...) plus {@code "activity_regularization"}
 * (through {@link RegularizationModule}), and every loss in the {@code Map<String, LossFactory>}
 * registry (through {@link LossesModule}). A third-party module adds a layer type of its own to the
 * same registry with {@code LayersModule.addLayerType(binder(), MyLayer.TYPE)}.
 *
 * <p>Installing {@code LossesModule} or {@code RegularizationModule} beside this one is harmless:
 * modules of the same class are equal, and Guice installs each once.
 */
public final class LayersModule extends AbstractModule {

  @Override
  protected void configure() {
    for (LayerType<?> type : StandardLayers.layerTypes()) {
      addLayerType(binder(), type);
    }
    install(new LossesModule());
    install(new RegularizationModule());
  }

  /**
   * Registers {@code type}'s factory under its name in the {@code Map<String, LayerFactory>}
   * registry: how a module adds a layer type of its own.
   */
  public static void addLayerType(Binder binder, LayerType<?> type) {
    Registries.registry(binder, LayerFactory.class)
        .addBinding(type.name())
        .toInstance(type.factory());
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
