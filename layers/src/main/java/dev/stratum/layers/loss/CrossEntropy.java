package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * Categorical cross-entropy on logits with one-hot or probability targets: {@code -Σ_c w_c · t_c ·
 * log_softmax(y)_c} over the class axis 1 of a {@code [N, C]} (or {@code [N, C, d...]}) prediction,
 * computed with a stable log-softmax, as PyTorch's {@code CrossEntropyLoss} with probability
 * targets. The class weights {@code w} default to 1; label smoothing ε replaces {@code t} by {@code
 * (1 - ε)·t + ε/C} first (PyTorch's {@code label_smoothing}; Keras's {@code
 * CategoricalCrossentropy(label_smoothing)} is the same mix). One term per sample (and position);
 * {@code MEAN} averages over the batch (times the positions {@code d...}), not dividing by the
 * weights, as PyTorch does for probability targets. Targets have the prediction's shape and lie in
 * {@code [0, 1]}; that each row sums to 1 is not checked. For class indices (and an ignored index)
 * use {@link SparseCrossEntropy}.
 */
public final class CrossEntropy extends ReducingLoss {

  private final ClassWeighting weighting;

  /** The mean over the batch. */
  public CrossEntropy() {
    this(Reduction.MEAN);
  }

  public CrossEntropy(Reduction reduction) {
    this(ClassWeighting.NONE, reduction);
  }

  private CrossEntropy(ClassWeighting weighting, Reduction reduction) {
    super("cross_entropy", reduction);
    this.weighting = weighting;
  }

  /** Options by name: {@code CrossEntropy.builder().labelSmoothing(0.1f).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Class weights, label smoothing and the reduction, each optional. */
  public static final class Builder {
    private float[] classWeights;
    private float labelSmoothing;
    private Reduction reduction = Reduction.MEAN;

    private Builder() {}

    /** One weight per class, each finite and at least 0 (PyTorch's {@code weight}). */
    public Builder classWeights(float... weights) {
      this.classWeights = weights.clone();
      return this;
    }

    /** ε in {@code [0, 1]}; 0 by default. */
    public Builder labelSmoothing(float epsilon) {
      this.labelSmoothing = epsilon;
      return this;
    }

    public Builder reduction(Reduction reduction) {
      this.reduction = reduction;
      return this;
    }

    public CrossEntropy build() {
      return new CrossEntropy(new ClassWeighting(classWeights, labelSmoothing), reduction);
    }
  }

  static CrossEntropy create(LossOptions o) {
    return new CrossEntropy(ClassWeighting.read(o), o.reduction());
  }

  @Override
  protected Map<String, Object> options() {
    return weighting.options();
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(name(), "prediction", prediction, 2, "[N, C] or [N, C, d...]");
    LossChecks.sameShape(name(), prediction, target);
    weighting.checkClasses(name(), prediction);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.inRange("target", target, 0, 1);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    float epsilon = weighting.labelSmoothing();
    Tensor t = epsilon == 0 ? target : target.mul(1f - epsilon).add(epsilon / prediction.dim(1));
    return weighting.weigh(t.mul(prediction.logSoftmax(1))).sum(false, 1).neg();
  }
}
