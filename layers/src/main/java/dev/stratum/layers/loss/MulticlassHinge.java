package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Multi-class hinge losses for scores {@code [N, C]} and class indices {@code [N]}, in two
 * conventions:
 *
 * <ul>
 *   <li>Weston–Watkins, the "SVM loss" ({@code "multiclass_hinge"}, {@code
 *       "squared_multiclass_hinge"}): {@code Σ_{i≠t} max(0, 1 - (y_t - y_i))^p} per sample, p = 1
 *       or 2, <em>not</em> divided by C. Keras's {@code categorical_hinge} is different again (only
 *       the largest wrong score counts).
 *   <li>PyTorch's {@code MultiMarginLoss} ({@code "multi_margin"}, {@link #multiMargin}): {@code
 *       Σ_{i≠t} max(0, margin - (y_t - y_i))^p / C} per sample, p = 1 or 2, margin default 1.
 * </ul>
 *
 * <p>{@code MEAN} averages over the batch in both.
 */
public final class MulticlassHinge extends ReducingLoss {

  private final int p;
  private final float margin;
  private final boolean divideByClasses;

  /** Weston–Watkins, p = 1, the mean over the batch. */
  public MulticlassHinge() {
    this(Reduction.MEAN);
  }

  /** Weston–Watkins, p = 1. */
  public MulticlassHinge(Reduction reduction) {
    this("multiclass_hinge", 1, 1f, false, reduction);
  }

  private MulticlassHinge(
      String name, int p, float margin, boolean divideByClasses, Reduction reduction) {
    super(name, reduction);
    if (p != 1 && p != 2) {
      throw new IllegalArgumentException(name + ": p must be 1 or 2, got " + p);
    }
    if (!Float.isFinite(margin)) {
      throw new IllegalArgumentException(name + ": margin must be finite, got " + margin);
    }
    this.p = p;
    this.margin = margin;
    this.divideByClasses = divideByClasses;
  }

  /** Weston–Watkins with squared margins: {@code Σ_{i≠t} max(0, 1 - (y_t - y_i))²}. */
  public static MulticlassHinge squared(Reduction reduction) {
    return new MulticlassHinge("squared_multiclass_hinge", 2, 1f, false, reduction);
  }

  /**
   * PyTorch's {@code MultiMarginLoss(p, margin)} (without class weights): {@code Σ_{i≠t} max(0,
   * margin - (y_t - y_i))^p / C}.
   */
  public static MulticlassHinge multiMargin(int p, float margin, Reduction reduction) {
    return new MulticlassHinge("multi_margin", p, margin, true, reduction);
  }

  /** The exponent p, 1 or 2. */
  public int p() {
    return p;
  }

  /** The margin (1 for the Weston–Watkins forms). */
  public float margin() {
    return margin;
  }

  @Override
  protected Map<String, Object> options() {
    return divideByClasses ? Map.of("p", p, "margin", (double) margin) : Map.of();
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    if (prediction.rank() != 2) {
      throw new IllegalArgumentException(
          name() + ": prediction must be shaped [N, C], got " + LossChecks.str(prediction));
    }
    SparseCrossEntropy.checkIndexShape(name(), prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.classIndices(target, prediction.dim(1));
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    int classes = prediction.dim(1);
    Tensor oneHot = LossChecks.oneHot(target, classes);
    Tensor correct = prediction.mul(oneHot).sum(true, 1);
    // the i = t term would add max(0, margin): the mask drops it
    Tensor margins = prediction.sub(correct).add(margin).relu().mul(oneHot.neg().add(1f));
    Tensor sum = (p == 2 ? margins.square() : margins).sum(false, 1);
    return divideByClasses ? sum.div(classes) : sum;
  }
}
