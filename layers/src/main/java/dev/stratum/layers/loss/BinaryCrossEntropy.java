package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Binary cross-entropy on probabilities, {@code -(t·log p + (1 - t)·log(1 - p))} per element.
 * {@code MEAN} averages over every element, as PyTorch's {@code BCELoss}. Predictions and targets
 * must lie in {@code [0, 1]}.
 *
 * <p>A saturated prediction (0 or 1) would give an infinite loss; {@link Clamp} says how it is kept
 * finite:
 *
 * <ul>
 *   <li>{@link Clamp#KERAS} (the default): the prediction is clamped to {@code [EPSILON, 1 -
 *       EPSILON]} with {@code EPSILON = 1e-7}, as Keras does, so a wrong saturated prediction costs
 *       {@code -ln(1e-7) ≈ 16.1};
 *   <li>{@link Clamp#PYTORCH}: each logarithm is clamped to at least -100, as PyTorch's {@code
 *       BCELoss} does, so a prediction of exactly 0 or 1 on the wrong side costs 100. (Subnormal
 *       predictions, below 2⁻¹²⁶, count as 2⁻¹²⁶, whose log is -87.3.)
 * </ul>
 *
 * Where a clamp is active the gradient is zero (PyTorch's own backward instead divides by {@code
 * max(p(1 - p), 1e-12)}). Prefer {@link BinaryCrossEntropyWithLogits} on the logits, which needs no
 * clamp.
 */
public final class BinaryCrossEntropy extends ReducingLoss {

  /** The clamp applied to predictions under {@link Clamp#KERAS}: {@value}. */
  public static final float EPSILON = 1e-7f;

  /** The lower bound of each logarithm under {@link Clamp#PYTORCH}: {@value}. */
  public static final float LOG_FLOOR = -100f;

  /** How a saturated prediction is kept from giving an infinite loss. */
  public enum Clamp {
    /** The prediction is clamped to {@code [1e-7, 1 - 1e-7]}. */
    KERAS,
    /** Each logarithm is clamped to at least -100. */
    PYTORCH
  }

  private final Clamp clamp;

  /** The mean over every element, Keras's clamp. */
  public BinaryCrossEntropy() {
    this(Reduction.MEAN);
  }

  /** Keras's clamp. */
  public BinaryCrossEntropy(Reduction reduction) {
    this(Clamp.KERAS, reduction);
  }

  public BinaryCrossEntropy(Clamp clamp, Reduction reduction) {
    super("bce", reduction);
    this.clamp = Objects.requireNonNull(clamp, "clamp");
  }

  /** How saturated predictions are clamped. */
  public Clamp clamp() {
    return clamp;
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of("clamp", clamp.name().toLowerCase(Locale.ROOT));
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.inRange("prediction", prediction, 0, 1).inRange("target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor logP;
    Tensor logQ;
    if (clamp == Clamp.KERAS) {
      Tensor p = prediction.clamp(EPSILON, 1f - EPSILON);
      logP = p.log();
      logQ = p.neg().add(1f).log();
    } else {
      logP = flooredLog(prediction);
      logQ = flooredLog(prediction.neg().add(1f));
    }
    Tensor positive = target.mul(logP);
    Tensor negative = target.neg().add(1f).mul(logQ);
    return positive.add(negative).neg();
  }

  private static Tensor flooredLog(Tensor x) {
    // log of a normal float is at least -87.3, so only 0 (and subnormals, read as 2⁻¹²⁶) reach the
    // floor; taking the log of max(x, 2⁻¹²⁶) keeps 1/0 out of the gradient
    return Tensor.where(
        x.gt(0f), x.maximum(Float.MIN_NORMAL).log(), Tensor.scalar(x.backend(), LOG_FLOOR));
  }
}
