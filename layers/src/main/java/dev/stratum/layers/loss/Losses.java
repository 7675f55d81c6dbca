package dev.stratum.layers.loss;

import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The built-in losses by name, and building a loss from a configuration map without Guice:
 *
 * <pre>{@code
 * Loss loss = Losses.create(Map.of("type", "huber", "delta", 1.0, "reduction", "sum"));
 * }</pre>
 *
 * <p>Every built-in loss takes {@code "reduction"}; {@code "huber"} also takes {@code "delta"} and
 * {@code "dice"} {@code "smoothing"}. A loss's {@link ReducingLoss#config()} builds it back.
 */
public final class Losses {

  private static final Map<String, LossFactory> BUILT_IN = builtInFactories();

  private Losses() {}

  /** Every built-in loss factory by type name, in a stable order. */
  public static Map<String, LossFactory> builtIn() {
    return BUILT_IN;
  }

  /** Builds a built-in loss from {@code config}. */
  public static Loss create(Map<String, ?> config) {
    return create(config, BUILT_IN);
  }

  /** Builds a loss from {@code config} with the factory {@code registry} names. */
  public static Loss create(Map<String, ?> config, Map<String, LossFactory> registry) {
    Object type = config.get("type");
    if (type == null) {
      throw new IllegalArgumentException(
          "loss configuration " + config + " has no \"type\"; known types: " + registry.keySet());
    }
    LossFactory factory = registry.get(type.toString());
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown loss type \"" + type + "\"; known types: " + registry.keySet());
    }
    return factory.create(config);
  }

  private static Map<String, LossFactory> builtInFactories() {
    Map<String, LossFactory> f = new LinkedHashMap<>();
    simple(f, "mse", MeanSquaredError::new);
    simple(f, "l1", MeanAbsoluteError::new);
    register(f, "huber", o -> new PseudoHuber(o.number("delta", 1f), o.reduction()));
    simple(f, "bce", BinaryCrossEntropy::new);
    simple(f, "bce_with_logits", BinaryCrossEntropyWithLogits::new);
    simple(f, "cross_entropy", CrossEntropy::new);
    simple(f, "sparse_cross_entropy", SparseCrossEntropy::new);
    simple(f, "hinge", Hinge::new);
    simple(f, "squared_hinge", Hinge::squared);
    simple(f, "multiclass_hinge", MulticlassHinge::new);
    simple(f, "squared_multiclass_hinge", MulticlassHinge::squared);
    register(f, "dice", o -> new DiceLoss(o.number("smoothing", 1f), o.reduction()));
    simple(f, "kl_divergence", KlDivergence::new);
    simple(f, "gaussian_kl_divergence", GaussianKlDivergence::new);
    simple(f, "js_divergence", JensenShannonDivergence::new);
    return Collections.unmodifiableMap(f);
  }

  /** A loss whose only option is its reduction. */
  private static void simple(
      Map<String, LossFactory> factories, String name, Function<Reduction, Loss> constructor) {
    register(factories, name, o -> constructor.apply(o.reduction()));
  }

  /** Registers a factory that reads its options with {@code build}, then rejects unknown ones. */
  private static void register(
      Map<String, LossFactory> factories, String name, Function<LossOptions, Loss> build) {
    factories.put(
        name,
        config -> {
          LossOptions options = LossOptions.of(name, config);
          Loss loss = build.apply(options);
          options.finish();
          return loss;
        });
  }
}
