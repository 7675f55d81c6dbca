package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.opentest4j.AssertionFailedError;

/**
 * Checks a layer's gradients, for its input and every parameter, against central finite differences
 * of {@code L = Σ y ⊙ W} with fixed random weights W. As in the conformance kit, L is summed on the
 * host in double from the float32 output, the step is {@code h = 1e-2}, and the tolerance per
 * element is {@code 2e-3 + 2e-2·|numeric|}: float rounding of the output divided by {@code 2h} is
 * about 1e-5, the truncation error {@code h²/6·f'''} about 2e-5 for smooth layers. Inputs of
 * piecewise layers (ReLU, max pooling) are chosen away from kinks and ties by the caller.
 */
public final class GradientAssert {

  static final float STEP = 1e-2f;
  static final double ABSOLUTE = 2e-3;
  static final double RELATIVE = 2e-2;

  private GradientAssert() {}

  /** Normal(0, 1) values. */
  public static float[] normal(int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** A shuffled grid with spacing 0.1 around 0: no ties or zeros within a step. */
  public static float[] distinct(int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (i - size / 2) * 0.1f + 0.05f;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return v;
  }

  /** Checks the gradient of the input and of every parameter of {@code layer}. */
  public static void check(Backend b, Layer layer, float[] input, int[] shape, long seed) {
    float[] weights;
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, input, shape).requiresGrad(true);
      layer.parameters().values().forEach(Tensor::zeroGrad);
      Tensor y = layer.forward(x);
      weights = weights(y.size(), seed);
      y.mul(Tensor.of(b, weights, y.shape())).sum().backward();
      compare(
          layer + ": input gradient",
          x.grad().toArray(),
          numericInput(b, layer, input, shape, weights));
      for (Map.Entry<String, Tensor> p : layer.parameters().entrySet()) {
        assertThat(p.getValue().grad()).as(layer + ": gradient of " + p.getKey()).isNotNull();
        float[] analytic = p.getValue().grad().toArray();
        compare(
            layer + ": gradient of " + p.getKey(),
            analytic,
            numericParameter(b, layer, p.getValue(), input, shape, weights));
      }
      layer.parameters().values().forEach(Tensor::zeroGrad);
    }
  }

  private static double[] numericInput(
      Backend b, Layer layer, float[] input, int[] shape, float[] weights) {
    float[] x = input.clone();
    double[] numeric = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      float original = x[j];
      x[j] = original + STEP;
      double plus = evaluate(b, layer, x, shape, weights);
      x[j] = original - STEP;
      double minus = evaluate(b, layer, x, shape, weights);
      x[j] = original;
      numeric[j] = (plus - minus) / (2.0 * STEP);
    }
    return numeric;
  }

  private static double[] numericParameter(
      Backend b, Layer layer, Tensor parameter, float[] input, int[] shape, float[] weights) {
    float[] values = parameter.toArray();
    double[] numeric = new double[values.length];
    for (int j = 0; j < values.length; j++) {
      float original = values[j];
      values[j] = original + STEP;
      set(parameter, values);
      double plus = evaluate(b, layer, input, shape, weights);
      values[j] = original - STEP;
      set(parameter, values);
      double minus = evaluate(b, layer, input, shape, weights);
      values[j] = original;
      set(parameter, values);
      numeric[j] = (plus - minus) / (2.0 * STEP);
    }
    return numeric;
  }

  private static void set(Tensor parameter, float[] values) {
    try (NoGrad ignored = Autograd.noGrad();
        Tensor v = Tensor.of(parameter.backend(), values, parameter.shape())) {
      parameter.copyFrom(v);
    }
  }

  private static double evaluate(Backend b, Layer layer, float[] x, int[] shape, float[] w) {
    try (TensorScope scope = TensorScope.open();
        NoGrad ignored = Autograd.noGrad()) {
      float[] y = layer.forward(Tensor.of(b, x, shape)).toArray();
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        sum += (double) y[i] * w[i];
      }
      return sum;
    }
  }

  private static float[] weights(int size, long seed) {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    float[] w = new float[size];
    for (int i = 0; i < size; i++) {
      w[i] = (float) (0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
    }
    return w;
  }

  private static void compare(String what, float[] analytic, double[] numeric) {
    assertThat(analytic).as(what + ": length").hasSize(numeric.length);
    for (int j = 0; j < numeric.length; j++) {
      double error = Math.abs(analytic[j] - numeric[j]);
      double allowed = ABSOLUTE + RELATIVE * Math.abs(numeric[j]);
      if (!(error <= allowed)) {
        throw new AssertionFailedError(
            String.format(
                "%s: element %d is %.6g by autograd but %.6g by finite differences (error %.3g,"
                    + " allowed %.3g)%nanalytic %s%nnumeric  %s",
                what,
                j,
                analytic[j],
                numeric[j],
                error,
                allowed,
                Arrays.toString(analytic),
                Arrays.toString(numeric)));
      }
    }
  }

  /** Asserts element-wise closeness: {@code |a - e| <= tol·max(1, |e|)}. */
  public static void assertClose(String what, float[] actual, double[] expected, double tol) {
    assertThat(actual).as(what + ": length").hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
        throw new AssertionFailedError(
            what
                + ": element "
                + i
                + " is "
                + actual[i]
                + ", expected "
                + expected[i]
                + " (tolerance "
                + tol
                + ")");
      }
    }
  }
}
