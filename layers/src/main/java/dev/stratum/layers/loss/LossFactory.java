package dev.stratum.layers.loss;

import dev.stratum.nn.Loss;
import java.util.Map;

/**
 * Builds a loss from a JSON-like configuration ({@code {"type": "huber", "delta": 1.0, "reduction":
 * "sum"}}). Factories are registered by type name ({@link Losses#builtIn()}, or a Guice {@code
 * MapBinder<String, LossFactory>} through {@link LossesModule}); a factory ignores {@code "type"}
 * and rejects keys it does not know.
 */
@FunctionalInterface
public interface LossFactory {

  /** Creates the loss; throws {@link IllegalArgumentException} naming a bad or unknown option. */
  Loss create(Map<String, ?> config);
}
