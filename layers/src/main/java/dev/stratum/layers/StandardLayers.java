package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer and activation type of this module, and their factories keyed by type name: the
 * registry a model's JSON is built from without Guice, and what {@code LayersModule} binds with
 * Guice. A new layer type is one entry in {@link #TYPES}.
 *
 * <pre>{@code
 * Layer model = StandardLayers.build(backend, "sequential", config);
 * }</pre>
 */
public final class StandardLayers {

  private static final List<LayerType<?>> TYPES = types();

  private static final Map<String, LayerFactory> FACTORIES = factories(TYPES);

  private StandardLayers() {}

  private static List<LayerType<?>> types() {
    List<LayerType<?>> types =
        new ArrayList<>(
            List.of(
                Dense.TYPE,
                Conv2d.TYPE,
                MaxPool2d.TYPE,
                AvgPool2d.TYPE,
                GlobalAvgPool2d.TYPE,
                Flatten.TYPE,
                Reshape.TYPE,
                Dropout.TYPE,
                BatchNorm1d.TYPE,
                BatchNorm2d.TYPE,
                LayerNorm.TYPE,
                ConvTranspose2d.TYPE,
                Upsample2d.TYPE,
                LocallyConnected2d.TYPE,
                Embedding.TYPE,
                Sequential.TYPE));
    types.addAll(Activation.TYPES);
    return List.copyOf(types);
  }

  private static Map<String, LayerFactory> factories(List<LayerType<?>> types) {
    Map<String, LayerFactory> factories = new LinkedHashMap<>();
    for (LayerType<?> type : types) {
      factories.put(type.name(), type.factory());
    }
    return Collections.unmodifiableMap(factories);
  }

  /** Every layer and activation type of this module, in a fixed order. */
  public static List<LayerType<?>> layerTypes() {
    return TYPES;
  }

  /** Every factory of this module, by type name, in the order of {@link #layerTypes()}. */
  public static Map<String, LayerFactory> factories() {
    return FACTORIES;
  }

  /** Builds a layer of {@code type} from {@code config} with this module's factories. */
  public static Layer build(Backend backend, String type, Map<String, Object> config) {
    return Sequential.build(backend, Map.of("type", type, "config", config), FACTORIES);
  }
}
