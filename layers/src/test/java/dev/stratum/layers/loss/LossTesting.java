package dev.stratum.layers.loss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

/** Shared helpers for the loss tests. */
final class LossTesting {

  private LossTesting() {}

  /** Every backend present, for {@code @MethodSource}. */
  static Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  static Tensor t(Backend backend, float[] data, int... shape) {
    return Tensor.of(backend, data, shape);
  }

  /** The loss of {@code prediction} and {@code target}, downloaded. */
  static float[] evaluate(
      Backend backend, Loss loss, float[] prediction, int[] pShape, float[] target, int[] tShape) {
    try (TensorScope scope = TensorScope.open()) {
      return loss.compute(t(backend, prediction, pShape), t(backend, target, tShape)).toArray();
    }
  }

  /** Asserts each value within {@code absolute + relative·|expected|}. */
  static void assertClose(float[] actual, double[] expected, double absolute, double relative) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double allowed = absolute + relative * Math.abs(expected[i]);
      assertThat((double) actual[i])
          .as(
              "element %d of %s, expected %s (allowed error %.3g)",
              i, Arrays.toString(actual), Arrays.toString(expected), allowed)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(allowed));
    }
  }

  /** A double-precision reduction of {@code terms}, as {@link Reduction} defines it. */
  static double[] reduce(double[] terms, Reduction reduction) {
    double sum = Arrays.stream(terms).sum();
    return switch (reduction) {
      case MEAN -> new double[] {sum / terms.length};
      case SUM -> new double[] {sum};
      case NONE -> terms;
    };
  }

  /**
   * Central differences of a double-precision scalar function at {@code x}, step {@code h}. The
   * error is {@code h²/6·f'''} from truncation plus about {@code 1e-16·|f|/h} from rounding.
   */
  static double[] centralDifferences(Function<double[], Double> f, double[] x, double h) {
    double[] gradient = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      double original = x[j];
      x[j] = original + h;
      double plus = f.apply(x);
      x[j] = original - h;
      double minus = f.apply(x);
      x[j] = original;
      gradient[j] = (plus - minus) / (2 * h);
    }
    return gradient;
  }

  static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
