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
 * <p>Every built-in loss takes {@code "reduction"}. The other options, named as PyTorch names them
 * where PyTorch has the loss: {@code "huber"} (piecewise, {@link Huber}) and {@code "pseudo_huber"}
 * take {@code "delta"}, {@code "smooth_l1"} {@code "beta"}, {@code "bce"} {@code "clamp"} ({@code
 * "keras"} or {@code "pytorch"}), {@code "cross_entropy"} {@code "class_weights"} and {@code
 * "label_smoothing"}, {@code "sparse_cross_entropy"} those and {@code "ignore_index"}, {@code
 * "multi_margin"} {@code "p"} and {@code "margin"}, {@code "dice"} {@code "smoothing"}, {@code
 * "denominator"} ({@code "linear"} or {@code "squared"}) and {@code "over"} ({@code "sample"} or
 * {@code "batch"}). A loss's {@link ReducingLoss#config()} builds it back.
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
    register(f, "huber", o -> new Huber(o.number("delta", 1f), o.reduction()));
    register(f, "smooth_l1", o -> new SmoothL1(o.number("beta", 1f), o.reduction()));
    register(f, "pseudo_huber", o -> new PseudoHuber(o.number("delta", 1f), o.reduction()));
    register(
        f,
        "bce",
        o ->
            new BinaryCrossEntropy(
                o.choice("clamp", BinaryCrossEntropy.Clamp.class, BinaryCrossEntropy.Clamp.KERAS),
                o.reduction()));
    simple(f, "bce_with_logits", BinaryCrossEntropyWithLogits::new);
    register(f, "cross_entropy", CrossEntropy::create);
    register(f, "sparse_cross_entropy", SparseCrossEntropy::create);
    simple(f, "hinge", Hinge::new);
    simple(f, "squared_hinge", Hinge::squared);
    simple(f, "multiclass_hinge", MulticlassHinge::new);
    simple(f, "squared_multiclass_hinge", MulticlassHinge::squared);
    register(
        f,
        "multi_margin",
        o -> MulticlassHinge.multiMargin(o.integer("p", 1), o.number("margin", 1f), o.reduction()));
    register(
        f,
        "dice",
        o ->
            new DiceLoss(
                o.number("smoothing", 1f),
                o.choice("denominator", DiceLoss.Denominator.class, DiceLoss.Denominator.LINEAR),
                o.choice("over", DiceLoss.Over.class, DiceLoss.Over.SAMPLE),
                o.reduction()));
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
