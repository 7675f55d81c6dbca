package dev.stratum.layers;

import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The factory of every layer and activation of this module, keyed by type name: the registry a
 * model's JSON is built from without Guice, and what {@code LayersModule} binds with Guice.
 *
 * <pre>{@code
 * Layer model = StandardLayers.build(backend, "sequential", config);
 * }</pre>
 */
public final class StandardLayers {

  private static final Map<String, LayerFactory> FACTORIES = createFactories();

  private StandardLayers() {}

  private static Map<String, LayerFactory> createFactories() {
    Map<String, LayerFactory> f = new LinkedHashMap<>();
    f.put(Dense.TYPE, Dense.factory());
    f.put(Conv2d.TYPE, Conv2d.factory());
    f.put(MaxPool2d.TYPE, MaxPool2d.factory());
    f.put(AvgPool2d.TYPE, AvgPool2d.factory());
    f.put(Flatten.TYPE, Flatten.factory());
    f.put(Reshape.TYPE, Reshape.factory());
    f.put(Dropout.TYPE, Dropout.factory());
    f.put(BatchNorm1d.TYPE, BatchNorm1d.factory());
    f.put(BatchNorm2d.TYPE, BatchNorm2d.factory());
    f.put(ConvTranspose2d.TYPE, ConvTranspose2d.factory());
    f.put(Upsample2d.TYPE, Upsample2d.factory());
    f.put(LocallyConnected2d.TYPE, LocallyConnected2d.factory());
    f.put(Embedding.TYPE, Embedding.factory());
    f.put(Sequential.TYPE, Sequential.factory());
    for (String name : Activation.typeNames()) {
      f.put(name, (backend, config, registry) -> Activation.fromConfig(name, config));
    }
    return Collections.unmodifiableMap(f);
  }

  /** Every factory of this module, by type name, in a fixed order. */
  public static Map<String, LayerFactory> factories() {
    return FACTORIES;
  }

  /** Builds a layer of {@code type} from {@code config} with this module's factories. */
  public static Layer build(
      dev.stratum.backend.Backend backend, String type, Map<String, Object> config) {
    return Sequential.build(backend, Map.of("type", type, "config", config), FACTORIES);
  }
}
