package dev.stratum.nn;

import dev.stratum.backend.Backend;
import java.util.Map;

/**
 * Builds a layer back from the configuration it reported through {@link Layer#config()}. Factories
 * are registered by type name in a Guice {@code MapBinder<String, LayerFactory>}, so a third-party
 * layer loads from a checkpoint by adding a Guice module.
 */
@FunctionalInterface
public interface LayerFactory {

  /**
   * Creates a layer with freshly initialised parameters on {@code backend}; a checkpoint then
   * overwrites them. {@code registry} resolves the children of containers.
   */
  Layer create(Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry);
}
