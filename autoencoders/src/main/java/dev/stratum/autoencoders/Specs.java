package dev.stratum.autoencoders;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.loss.Losses;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.nn.Loss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The architecture-JSON side of the autoencoder kinds: a child as {@code {"type", "config"}}, and
 * the common part of every kind's factory (input shape, encoder, decoder, loss), which closes the
 * children again when anything after them fails.
 */
final class Specs {

  private Specs() {}

  /** What every kind's config holds, read back; {@code config} gives the kind its own keys. */
  record Parts(
      String type,
      int[] inputShape,
      Layer encoder,
      Layer decoder,
      ReducingLoss loss,
      Map<String, Object> config) {}

  /** {@code {"type": layer.typeName(), "config": layer.config()}}. */
  static Map<String, Object> of(Layer layer) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", layer.typeName());
    spec.put("config", layer.config());
    return spec;
  }

  /** Reads the common parts of {@code config} and builds the kind with {@code constructor}. */
  static Layer build(
      String type,
      Backend backend,
      Map<String, Object> config,
      Map<String, LayerFactory> registry,
      Function<Parts, Layer> constructor) {
    int[] inputShape = LayerConfig.integers(type, config, "inputShape");
    ReducingLoss loss = loss(type, config);
    Layer encoder = child(type, backend, config, registry, "encoder");
    Layer decoder = null;
    try {
      decoder = child(type, backend, config, registry, "decoder");
      return constructor.apply(new Parts(type, inputShape, encoder, decoder, loss, config));
    } catch (RuntimeException e) {
      encoder.close();
      if (decoder != null) {
        decoder.close();
      }
      throw e;
    }
  }

  private static Layer child(
      String type,
      Backend backend,
      Map<String, Object> config,
      Map<String, LayerFactory> registry,
      String key) {
    Object spec = config.get(key);
    if (spec == null) {
      throw new IllegalArgumentException(
          type + ": config is missing '" + key + "' (got keys " + config.keySet() + ")");
    }
    return Sequential.build(backend, LayerConfig.map(type + " " + key, spec), registry);
  }

  private static ReducingLoss loss(String type, Map<String, Object> config) {
    Object spec = config.get("loss");
    if (spec == null) {
      return new dev.stratum.layers.loss.MeanSquaredError();
    }
    Loss loss = Losses.create(LayerConfig.map(type + " loss", spec));
    if (loss instanceof ReducingLoss reducing) {
      return reducing;
    }
    throw new IllegalArgumentException(
        type + ": the loss " + spec + " is not a built-in reducing loss");
  }
}
