package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Categorical cross-entropy on logits with class indices, as PyTorch's {@code CrossEntropyLoss}
 * with class indices (Keras's {@code SparseCategoricalCrossentropy(from_logits=True)}): for a
 * {@code [N, C]} prediction and a target {@code [N]} of whole numbers in {@code [0, C)} (or {@code
 * [N, C, d...]} and {@code [N, d...]}), one term per sample (and position)
 *
 * <pre>
 * ℓ = -(1 - ε)·w_t·log_softmax(y)_t - (ε/C)·Σ_c w_c·log_softmax(y)_c
 * </pre>
 *
 * with class weights {@code w} (1 by default) and label smoothing ε (0 by default). A position
 * whose target is the ignore index (none by default; PyTorch's default is -100) gives 0. {@code
 * MEAN} divides the sum of the terms by {@code Σ w_t} over the positions not ignored, as PyTorch
 * does: without weights that is the number of positions not ignored (NaN when every position is
 * ignored, as in PyTorch). Keras's class weights are per-sample weights and its mean divides by N.
 * The indices are checked on the device (see {@link ReducingLoss}): nothing is read back.
 */
public final class SparseCrossEntropy extends ReducingLoss {

  private final ClassWeighting weighting;
  private final Integer ignoreIndex;

  /** The mean over the batch. */
  public SparseCrossEntropy() {
    this(Reduction.MEAN);
  }

  public SparseCrossEntropy(Reduction reduction) {
    this(ClassWeighting.NONE, null, reduction);
  }

  private SparseCrossEntropy(ClassWeighting weighting, Integer ignoreIndex, Reduction reduction) {
    super("sparse_cross_entropy", reduction);
    this.weighting = weighting;
    this.ignoreIndex = ignoreIndex;
  }

  /**
   * Options by name: {@code SparseCrossEntropy.builder().ignoreIndex(-100).labelSmoothing(0.1f)
   * .build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Class weights, label smoothing, the ignore index and the reduction, each optional. */
  public static final class Builder {
    private float[] classWeights;
    private float labelSmoothing;
    private Integer ignoreIndex;
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

    /** Targets equal to {@code index} contribute nothing, to the sum or to the mean's divisor. */
    public Builder ignoreIndex(int index) {
      this.ignoreIndex = index;
      return this;
    }

    public Builder reduction(Reduction reduction) {
      this.reduction = reduction;
      return this;
    }

    public SparseCrossEntropy build() {
      return new SparseCrossEntropy(
          new ClassWeighting(classWeights, labelSmoothing), ignoreIndex, reduction);
    }
  }

  static SparseCrossEntropy create(LossOptions o) {
    return new SparseCrossEntropy(
        ClassWeighting.read(o), o.integer("ignore_index", null), o.reduction());
  }

  @Override
  protected Map<String, Object> options() {
    Map<String, Object> options = weighting.options();
    if (ignoreIndex != null) {
      options.put("ignore_index", ignoreIndex);
    }
    return options;
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.rankAtLeast(name(), "prediction", prediction, 2, "[N, C] or [N, C, d...]");
    checkIndexShape(name(), prediction, target);
    weighting.checkClasses(name(), prediction);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.classIndices(target, prediction.dim(1), ignoreIndex);
  }

  /** The target is the prediction's shape without the class axis 1. */
  static void checkIndexShape(String loss, Tensor prediction, Tensor target) {
    int[] p = prediction.shape();
    int[] expected = new int[p.length - 1];
    expected[0] = p[0];
    System.arraycopy(p, 2, expected, 1, p.length - 2);
    if (!Arrays.equals(expected, target.shape())) {
      throw new IllegalArgumentException(
          loss
              + ": class indices "
              + LossChecks.str(target)
              + " do not fit prediction "
              + LossChecks.str(prediction)
              + "; expected indices shaped "
              + Arrays.toString(expected));
    }
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    int classes = prediction.dim(1);
    Tensor kept = kept(target);
    Tensor logP = prediction.logSoftmax(1);
    Tensor oneHot = oneHotAlongAxis1(kept == null ? target : target.mul(kept), classes);
    Tensor terms = weighting.weigh(oneHot).mul(logP).sum(false, 1).neg();
    float epsilon = weighting.labelSmoothing();
    if (epsilon != 0) {
      Tensor uniform = weighting.weigh(logP).sum(false, 1).neg();
      terms = terms.mul(1f - epsilon).add(uniform.mul(epsilon / classes));
    }
    return kept == null ? terms : terms.mul(kept);
  }

  @Override
  protected Tensor mean(Tensor terms, Tensor prediction, Tensor target) {
    if (ignoreIndex == null && weighting.classWeights() == null) {
      return terms.mean();
    }
    Tensor kept = kept(target);
    Tensor safe = kept == null ? target : target.mul(kept);
    Tensor weight =
        weighting.classWeights() == null
            ? kept
            : weighting.weigh(oneHotAlongAxis1(safe, prediction.dim(1))).sum(false, 1);
    if (kept != null && weighting.classWeights() != null) {
      weight = weight.mul(kept);
    }
    return terms.sum().div(weight.sum());
  }

  /** 1 where the target is not the ignore index, 0 where it is; {@code null} without one. */
  private Tensor kept(Tensor target) {
    return ignoreIndex == null ? null : target.eq((float) ignoreIndex).neg().add(1f);
  }

  /** One-hot rows of {@code indices [N, d...]} with the class axis at 1: {@code [N, C, d...]}. */
  static Tensor oneHotAlongAxis1(Tensor indices, int classes) {
    Tensor oneHot = LossChecks.oneHot(indices, classes);
    int rank = oneHot.rank();
    if (rank == 2) {
      return oneHot;
    }
    int[] order = new int[rank];
    order[0] = 0;
    order[1] = rank - 1;
    for (int i = 2; i < rank; i++) {
      order[i] = i - 1;
    }
    return oneHot.permute(order);
  }
}
