package dev.stratum.layers.loss;

import static dev.stratum.layers.loss.LossTesting.assertClose;
import static dev.stratum.layers.loss.LossTesting.centralDifferences;
import static dev.stratum.layers.loss.LossTesting.reduce;
import static dev.stratum.layers.loss.LossTesting.t;
import static dev.stratum.layers.loss.LossTesting.toDouble;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss, on every backend present, against its formula re-implemented in double on random
 * inputs, for every reduction; and its gradient against central differences of that formula.
 */
class LossFormulaTest {

  /**
   * Forward: float32 kernels (exp, log, softmax) are accurate to a few ulps, and the terms are sums
   * of at most a few dozen of them: 1e-5 absolute plus 1e-5 relative is about 100 ulps.
   */
  static final double VALUE_ABSOLUTE = 1e-5;

  static final double VALUE_RELATIVE = 1e-5;

  /**
   * Gradient: the numeric side is central differences of the double formula with step 1e-5
   * (truncation {@code h²/6·f'''} below 2e-7 for these inputs, rounding near 1e-11); the analytic
   * side is float32 autograd, a chain of a few rounded ops: 1e-5 absolute plus 1e-4 relative.
   */
  static final double STEP = 1e-5;

  static final double GRADIENT_ABSOLUTE = 1e-5;
  static final double GRADIENT_RELATIVE = 1e-4;

  static Stream<Arguments> cases() {
    return LossTesting.backends()
        .flatMap(
            backend ->
                LossCases.all().stream()
                    .flatMap(
                        c ->
                            Arrays.stream(Reduction.values())
                                .map(reduction -> Arguments.of(backend, c, reduction))));
  }

  @ParameterizedTest(name = "{0}: {1}, {2}")
  @MethodSource("cases")
  void matchesItsFormulaInDouble(String backendName, LossCase c, Reduction reduction) {
    Backend backend = Backends.get(backendName);
    float[][] in = c.inputs().draw(new Random(c.name().hashCode()));
    double[] expected = reduce(c.reference().terms(toDouble(in[0]), toDouble(in[1])), reduction);
    float[] actual =
        LossTesting.evaluate(
            backend, c.loss().apply(reduction), in[0], c.predictionShape(), in[1], c.targetShape());
    assertClose(actual, expected, VALUE_ABSOLUTE, VALUE_RELATIVE);
  }

  @ParameterizedTest(name = "{0}: {1}, {2}")
  @MethodSource("cases")
  void gradientMatchesCentralDifferences(String backendName, LossCase c, Reduction reduction) {
    Backend backend = Backends.get(backendName);
    Random random = new Random(c.name().hashCode() + 1);
    float[][] in = c.inputs().draw(random);
    double[] p = toDouble(in[0]);
    double[] target = toDouble(in[1]);
    int outputs = reduce(c.reference().terms(p, target), reduction).length;
    // a weighted sum of the outputs, so that every output of Reduction.NONE counts
    double[] weights = new double[outputs];
    for (int i = 0; i < outputs; i++) {
      weights[i] = outputs == 1 ? 1 : (0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
    }
    double[] numericP =
        centralDifferences(
            x -> dot(weights, reduce(c.reference().terms(x, target), reduction)), p, STEP);
    double[] numericT =
        centralDifferences(
            x -> dot(weights, reduce(c.reference().terms(p, x), reduction)), target, STEP);
    try (TensorScope scope = TensorScope.open()) {
      Tensor prediction = t(backend, in[0], c.predictionShape()).requiresGrad(true);
      Tensor tgt = t(backend, in[1], c.targetShape()).requiresGrad(c.continuousTarget());
      Tensor out = c.loss().apply(reduction).compute(prediction, tgt);
      out.backward(t(backend, LossTesting.toFloat(weights), out.shape()));
      assertClose(prediction.grad().toArray(), numericP, GRADIENT_ABSOLUTE, GRADIENT_RELATIVE);
      if (c.continuousTarget()) {
        assertClose(tgt.grad().toArray(), numericT, GRADIENT_ABSOLUTE, GRADIENT_RELATIVE);
      }
    }
  }

  @ParameterizedTest(name = "{0}: {1}, {2}")
  @MethodSource("cases")
  void leavesOnlyItsResultWhenNothingIsRecorded(
      String backendName, LossCase c, Reduction reduction) {
    Backend backend = Backends.get(backendName);
    float[][] in = c.inputs().draw(new Random(3));
    try (TensorScope scope = TensorScope.open()) {
      Tensor prediction = t(backend, in[0], c.predictionShape());
      Tensor target = t(backend, in[1], c.targetShape());
      int before = backend.liveStorages();
      try (NoGrad noGrad = Autograd.noGrad()) {
        c.loss().apply(reduction).compute(prediction, target);
      }
      assertThat(backend.liveStorages()).isEqualTo(before + 1);
      assertThat(scope.size()).isEqualTo(3);
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
