package dev.stratum.recurrent.inject;

import com.google.inject.AbstractModule;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.inject.LayersModule;
import dev.stratum.recurrent.RecurrentLayers;

/**
 * Registers every layer type of {@code stratum-recurrent} by name in the {@code Map<String,
 * LayerFactory>} registry ({@link RecurrentLayers#layerTypes()}), beside {@code LayersModule}'s, so
 * that {@code Checkpoint.loadModel} rebuilds recurrent models.
 */
public final class RecurrentModule extends AbstractModule {

  @Override
  protected void configure() {
    for (LayerType<?> type : RecurrentLayers.layerTypes()) {
      LayersModule.addLayerType(binder(), type);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecurrentModule;
  }

  @Override
  public int hashCode() {
    return RecurrentModule.class.hashCode();
  }
}
