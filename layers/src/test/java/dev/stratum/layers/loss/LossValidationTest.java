package dev.stratum.layers.loss;

import static dev.stratum.layers.loss.LossTesting.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import dev.stratum.nn.ValueChecks;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs get messages that name the loss, the shapes and the offending value: shapes at once;
 * values at once from {@code compute} by default, and inside {@link ValueChecks#deferred} from
 * {@code checkValues} after {@code compute} has made the loss NaN.
 */
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

  /**
   * A value outside a loss's domain makes {@code compute} throw by default; with value checks
   * deferred it makes {@code compute} NaN (checked on the device, nothing read back) and {@code
   * checkValues} name it. This asserts all three for each case.
   */
  private static void assertRejected(Loss loss, Tensor prediction, Tensor target, String message) {
    assertThatThrownBy(() -> loss.compute(prediction, target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThat(ValueChecks.deferred(() -> loss.compute(prediction, target)).toArray())
        .as(message)
        .containsOnly(Float.NaN);
    assertThatThrownBy(() -> loss.checkValues(prediction, target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void valuesOutsideTheirDomain(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor half = Tensor.full(b, 0.5f, 3);
      assertRejected(
          new BinaryCrossEntropy(),
          half,
          t(b, new float[] {0, 1.5f, 1}, 3),
          "bce: target 1.5 at flat position 1 of shape [3] is outside [0, 1]");
      assertRejected(
          new BinaryCrossEntropy(),
          t(b, new float[] {0.5f, 0.5f, -2}, 3),
          half,
          "bce: prediction -2.0 at flat position 2 of shape [3] is outside [0, 1]");
      assertRejected(
          new BinaryCrossEntropyWithLogits(),
          half,
          t(b, new float[] {0, Float.NaN, 1}, 3),
          "bce_with_logits: target NaN at flat position 1 of shape [3] is outside [0, 1]");
      assertRejected(
          new Hinge(),
          half,
          t(b, new float[] {1, -1, 0}, 3),
          "hinge: target 0.0 at flat position 2 of shape [3] is neither -1 nor 1");
      Tensor logits = Tensor.zeros(b, 2, 3);
      assertRejected(
          new SparseCrossEntropy(),
          logits,
          t(b, new float[] {0, 3}, 2),
          "sparse_cross_entropy: class index 3.0 at flat position 1 of shape [2] is not a"
              + " whole number in [0, 3)");
      assertRejected(
          SparseCrossEntropy.builder().ignoreIndex(-100).build(),
          logits,
          t(b, new float[] {-100, -1}, 2),
          "sparse_cross_entropy: class index -1.0 at flat position 1 of shape [2] is not a"
              + " whole number in [0, 3) nor the ignore index -100");
      assertRejected(
          new MulticlassHinge(),
          logits,
          t(b, new float[] {1.5f, 0}, 2),
          "multiclass_hinge: class index 1.5 at flat position 0 of shape [2] is not a whole"
              + " number in [0, 3)");
      assertRejected(
          new KlDivergence(),
          t(b, new float[] {0.5f, 0.6f, -0.1f, 1}, 2, 2),
          Tensor.zeros(b, 2, 2),
          "kl_divergence: prediction -0.1 at flat position 2 of shape [2, 2] is not >= 0");
      assertRejected(
          new DiceLoss(),
          Tensor.zeros(b, 2, 2),
          Tensor.full(b, 2f, 2, 2),
          "dice: target 2.0 at flat position 0 of shape [2, 2] is outside [0, 1]");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void valuesAtTheEdgesOfTheirDomainPass(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor edges = t(b, new float[] {0, 1, -0f}, 3);
      Tensor logits = Tensor.zeros(b, 3, 3);
      Tensor indices = t(b, new float[] {0, 2, -100}, 3);
      Loss sparse = SparseCrossEntropy.builder().ignoreIndex(-100).build();
      // -ln(1/3) for each of the two kept positions
      assertThat(sparse.compute(logits, indices).item())
          .isCloseTo((float) Math.log(3), within(1e-6f));
      sparse.checkValues(logits, indices);
      assertThat(new BinaryCrossEntropy().compute(edges, edges).item()).isFinite();
      new BinaryCrossEntropy().checkValues(edges, edges);
      new KlDivergence().checkValues(Tensor.zeros(b, 1, 2), t(b, new float[] {-0f, 1}, 1, 2));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void aRejectedValueMakesEveryTermNaNAndGivesNoGradient(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor badTarget = t(b, new float[] {0, 1.5f, 1}, 3);
      assertThat(
              ValueChecks.deferred(
                      () ->
                          new BinaryCrossEntropy(Reduction.NONE)
                              .compute(Tensor.full(b, 0.5f, 3), badTarget))
                  .toArray())
          .containsExactly(Float.NaN, Float.NaN, Float.NaN);
      Tensor prediction = Tensor.full(b, 0.5f, 3).requiresGrad(true);
      ValueChecks.deferred(() -> new BinaryCrossEntropy().compute(prediction, badTarget))
          .backward();
      for (float g : prediction.grad().toArray()) {
        assertThat(Math.abs(g)).as("gradient (0 or -0)").isEqualTo(0f);
      }
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
