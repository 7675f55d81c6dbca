package dev.stratum.recurrent.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.stratum.inject.Registries;
import dev.stratum.nn.LayerFactory;
import dev.stratum.recurrent.RecurrentLayers;
import java.util.Map;

/**
 * Registers every layer of {@code stratum-recurrent} by name in the {@code Map<String,
 * LayerFactory>} registry ({@link RecurrentLayers#factories()}), beside {@code LayersModule}'s, so
 * that {@code Checkpoint.loadModel} rebuilds recurrent models.
 */
public final class RecurrentModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, LayerFactory> layers = Registries.registry(binder(), LayerFactory.class);
    for (Map.Entry<String, LayerFactory> e : RecurrentLayers.factories().entrySet()) {
      layers.addBinding(e.getKey()).toInstance(e.getValue());
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
