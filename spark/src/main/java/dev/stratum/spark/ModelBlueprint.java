package dev.stratum.spark;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.loss.Losses;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything an executor needs to rebuild the driver's model, loss and optimizer, as text: the
 * architecture in the {@code model.json} form of a checkpoint ({@code {"type", "config"}}), the
 * loss configuration and the optimizer spec as JSON, the {@link Components} to build them with and
 * the backend to build them on. The weights are not in it: they come with each round.
 */
record ModelBlueprint(
    String architecture,
    String loss,
    String optimizer,
    Components components,
    String backendName,
    int[] inputShape,
    int[] targetShape)
    implements Serializable {

  /** The blueprint of the driver's {@code model}. */
  static ModelBlueprint of(
      Layer model,
      Map<String, ?> lossConfig,
      String optimizerSpec,
      Components components,
      String backendName,
      int[] inputShape,
      int[] targetShape) {
    Map<String, Object> architecture = new LinkedHashMap<>();
    architecture.put("type", model.typeName());
    architecture.put("config", model.config());
    return new ModelBlueprint(
        json(architecture),
        json(lossConfig),
        optimizerSpec,
        components,
        backendName,
        inputShape.clone(),
        targetShape.clone());
  }

  /** The backend the executor builds on: the named one, or the default. */
  Backend backend() {
    return backendName == null ? Backends.get() : Backends.get(backendName);
  }

  /** A model with fresh weights (a round's broadcast overwrites them). */
  Layer buildModel(Backend backend) {
    Map<String, Object> json = parse("model", architecture);
    Map<String, LayerFactory> registry = components.layers();
    String type = String.valueOf(json.get("type"));
    LayerFactory factory = registry.get(type);
    if (factory == null) {
      throw new IllegalArgumentException(
          "spark trainer: no layer factory registered for type '"
              + type
              + "' on this executor (registered: "
              + new TreeSet<>(registry.keySet())
              + "); ship the module that provides it and name it in the Components");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) json.get("config");
    return factory.create(backend, config, registry);
  }

  Loss buildLoss() {
    return Losses.create(parse("loss", loss), components.losses());
  }

  Optimizer buildOptimizer(Layer model) {
    return components.optimizers().build(optimizer, model.parameters()).optimizer();
  }

  private static Map<String, Object> parse(String what, String text) {
    try {
      return JSON.std.mapFrom(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "spark trainer: the " + what + " JSON does not parse: " + e.getMessage(), e);
    }
  }

  private static String json(Map<String, ?> map) {
    try {
      return JSON.std.asString(map);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "spark trainer: cannot write " + map + " as JSON: " + e.getMessage(), e);
    }
  }
}
