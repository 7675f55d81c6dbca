package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Soft Dice loss for segmentation-like outputs: {@code 1 - (2·Σ p·t + ε) / (D + ε)} with smoothing
 * ε (default 1), which keeps the ratio defined when both are empty and softens the gradient for
 * small regions. The denominator {@code D} is {@link Denominator#LINEAR} {@code Σ p + Σ t} (the
 * default, Milletari's Dice coefficient written with sums) or {@link Denominator#SQUARED} {@code Σ
 * p² + Σ t²} (V-Net, Milletari et al. 2016). With {@link Over#SAMPLE} the sums run per sample over
 * every axis but the batch, one term per sample, and {@code MEAN} averages over the batch; with
 * {@link Over#BATCH} they run over the whole batch, giving one term (MONAI's {@code batch=True}).
 * Predictions (probabilities) and targets lie in {@code [0, 1]} and have the same shape.
 */
public final class DiceLoss extends ReducingLoss {

  /** What the overlap is divided by. */
  public enum Denominator {
    /** {@code Σ p + Σ t}. */
    LINEAR,
    /** {@code Σ p² + Σ t²}, as in V-Net. */
    SQUARED
  }

  /** Which elements one Dice ratio sums over. */
  public enum Over {
    /** Every axis but the batch: one term per sample. */
    SAMPLE,
    /** Every element of the batch: one term. */
    BATCH
  }

  private final float smoothing;
  private final Denominator denominator;
  private final Over over;

  /** Smoothing 1, the linear denominator, per sample, the mean over the batch. */
  public DiceLoss() {
    this(1f, Reduction.MEAN);
  }

  /** {@code smoothing} must be finite and at least 0 (0 gives NaN for an empty sample). */
  public DiceLoss(float smoothing, Reduction reduction) {
    this(smoothing, Denominator.LINEAR, Over.SAMPLE, reduction);
  }

  /** {@code smoothing} must be finite and at least 0 (0 gives NaN for an empty sample). */
  public DiceLoss(float smoothing, Denominator denominator, Over over, Reduction reduction) {
    super("dice", reduction);
    if (!(smoothing >= 0) || Float.isInfinite(smoothing)) {
      throw new IllegalArgumentException(
          "dice: smoothing must be finite and >= 0, got " + smoothing);
    }
    this.smoothing = smoothing;
    this.denominator = Objects.requireNonNull(denominator, "denominator");
    this.over = Objects.requireNonNull(over, "over");
  }

  @Override
  protected Map<String, Object> options() {
    return Map.of(
        "smoothing",
        (double) smoothing,
        "denominator",
        denominator.name().toLowerCase(Locale.ROOT),
        "over",
        over.name().toLowerCase(Locale.ROOT));
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(name(), "prediction", prediction, 2, "[N, ...]");
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.inRange("prediction", prediction, 0, 1).inRange("target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor p = denominator == Denominator.SQUARED ? prediction.square() : prediction;
    Tensor t = denominator == Denominator.SQUARED ? target.square() : target;
    Tensor overlap = sum(prediction.mul(target)).mul(2f).add(smoothing);
    Tensor total = sum(p).add(sum(t)).add(smoothing);
    return overlap.div(total).neg().add(1f);
  }

  private Tensor sum(Tensor x) {
    return over == Over.BATCH ? x.sum() : sumPerSample(x);
  }
}
