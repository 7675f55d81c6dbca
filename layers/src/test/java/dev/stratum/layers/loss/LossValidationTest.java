package dev.stratum.layers.loss;

import static dev.stratum.layers.loss.LossTesting.t;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad inputs get messages that name the loss, the shapes and the offending value. */
class LossValidationTest {

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void shapesThatDoNotFit(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor twoByThree = Tensor.zeros(b, 2, 3);
      assertThatThrownBy(() -> new MeanSquaredError().compute(twoByThree, Tensor.zeros(b, 3, 2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("mse: prediction [2, 3] and target [3, 2] must have the same shape");
      assertThatThrownBy(() -> new CrossEntropy().compute(Tensor.zeros(b, 3), Tensor.zeros(b, 3)))
          .hasMessage("cross_entropy: prediction must be shaped [N, C] or [N, C, d...], got [3]");
      assertThatThrownBy(() -> new SparseCrossEntropy().compute(twoByThree, Tensor.zeros(b, 3)))
          .hasMessage(
              "sparse_cross_entropy: class indices [3] do not fit prediction [2, 3];"
                  + " expected indices shaped [2]");
      assertThatThrownBy(
              () -> new MulticlassHinge().compute(Tensor.zeros(b, 2, 3, 1), Tensor.zeros(b, 2, 1)))
          .hasMessage("multiclass_hinge: prediction must be shaped [N, C], got [2, 3, 1]");
      assertThatThrownBy(
              () -> new GaussianKlDivergence().compute(twoByThree, Tensor.zeros(b, 2, 4)))
          .hasMessage(
              "gaussian_kl_divergence: mean [2, 3] and log-variance [2, 4] must have the same"
                  + " shape");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void valuesOutsideTheirDomain(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor half = Tensor.full(b, 0.5f, 3);
      assertThatThrownBy(
              () -> new BinaryCrossEntropy().compute(half, t(b, new float[] {0, 1.5f, 1}, 3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bce: target 1.5 at flat position 1 of shape [3] is outside [0, 1]");
      assertThatThrownBy(
              () -> new BinaryCrossEntropy().compute(t(b, new float[] {0.5f, 0.5f, -2}, 3), half))
          .hasMessage("bce: prediction -2.0 at flat position 2 of shape [3] is outside [0, 1]");
      assertThatThrownBy(
              () ->
                  new BinaryCrossEntropyWithLogits()
                      .compute(half, t(b, new float[] {0, Float.NaN, 1}, 3)))
          .hasMessage(
              "bce_with_logits: target NaN at flat position 1 of shape [3] is outside [0, 1]");
      assertThatThrownBy(() -> new Hinge().compute(half, t(b, new float[] {1, -1, 0}, 3)))
          .hasMessage("hinge: target 0.0 at flat position 2 of shape [3] is neither -1 nor 1");
      Tensor logits = Tensor.zeros(b, 2, 3);
      assertThatThrownBy(
              () -> new SparseCrossEntropy().compute(logits, t(b, new float[] {0, 3}, 2)))
          .hasMessage(
              "sparse_cross_entropy: class index 3.0 at flat position 1 of shape [2] is not a"
                  + " whole number in [0, 3)");
      assertThatThrownBy(
              () -> new MulticlassHinge().compute(logits, t(b, new float[] {1.5f, 0}, 2)))
          .hasMessage(
              "multiclass_hinge: class index 1.5 at flat position 0 of shape [2] is not a whole"
                  + " number in [0, 3)");
      assertThatThrownBy(
              () ->
                  new KlDivergence()
                      .compute(
                          t(b, new float[] {0.5f, 0.6f, -0.1f, 1}, 2, 2), Tensor.zeros(b, 2, 2)))
          .hasMessage(
              "kl_divergence: prediction -0.1 at flat position 2 of shape [2, 2] is not >= 0");
      assertThatThrownBy(
              () -> new DiceLoss().compute(Tensor.zeros(b, 2, 2), Tensor.full(b, 2f, 2, 2)))
          .hasMessage("dice: target 2.0 at flat position 0 of shape [2, 2] is outside [0, 1]");
    }
  }

  @Test
  void badOptions() {
    assertThatThrownBy(() -> new PseudoHuber(0f, Reduction.MEAN))
        .hasMessage("pseudo_huber: delta must be finite and positive, got 0.0");
    assertThatThrownBy(() -> new Huber(-1f, Reduction.MEAN))
        .hasMessage("huber: delta must be finite and positive, got -1.0");
    assertThatThrownBy(() -> new SmoothL1(-1f, Reduction.MEAN))
        .hasMessage("smooth_l1: beta must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> MulticlassHinge.multiMargin(3, 1f, Reduction.MEAN))
        .hasMessage("multi_margin: p must be 1 or 2, got 3");
    assertThatThrownBy(() -> SparseCrossEntropy.builder().labelSmoothing(1.5f).build())
        .hasMessage("label_smoothing must lie in [0, 1], got 1.5");
    assertThatThrownBy(() -> CrossEntropy.builder().classWeights(1f, -2f).build())
        .hasMessage("class_weights must be finite and >= 0, got -2.0 for class 1 in [1.0, -2.0]");
    assertThatThrownBy(() -> new DiceLoss(-1f, Reduction.MEAN))
        .hasMessage("dice: smoothing must be finite and >= 0, got -1.0");
  }
}
