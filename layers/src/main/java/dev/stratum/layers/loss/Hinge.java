package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;

/**
 * Binary hinge loss {@code max(0, 1 - y·t)} per element, or its square, with targets {@code t ∈
 * {-1, 1}} (not 0/1) and raw scores y. {@code MEAN} averages over every element (Keras's {@code
 * hinge} averages over the last axis, then over the batch: the same number for equal-length rows).
 */
public final class Hinge extends ReducingLoss {

  private final boolean squared;

  /** {@code max(0, 1 - y·t)}, the mean over every element. */
  public Hinge() {
    this(Reduction.MEAN);
  }

  /** {@code max(0, 1 - y·t)}. */
  public Hinge(Reduction reduction) {
    this(false, reduction);
  }

  private Hinge(boolean squared, Reduction reduction) {
    super(squared ? "squared_hinge" : "hinge", reduction);
    this.squared = squared;
  }

  /** {@code max(0, 1 - y·t)²}. */
  public static Hinge squared(Reduction reduction) {
    return new Hinge(true, reduction);
  }

  @Override
  protected void validate(Tensor prediction, Tensor target) {
    LossChecks.sameShape(name(), prediction, target);
  }

  @Override
  protected void valueRules(ValueRules rules, Tensor prediction, Tensor target) {
    rules.signs("target", target);
  }

  @Override
  protected Tensor terms(Tensor prediction, Tensor target) {
    Tensor margin = prediction.mul(target).neg().add(1f).relu();
    return squared ? margin.square() : margin;
  }
}
