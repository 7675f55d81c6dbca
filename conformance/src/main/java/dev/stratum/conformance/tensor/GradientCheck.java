package dev.stratum.conformance.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.opentest4j.AssertionFailedError;

/**
 * Checks gradients against central finite differences.
 *
 * <p>The scalar under test is {@code L = Σ f(x) ⊙ W} with fixed random weights W, so every output
 * element contributes. L is evaluated on the host in double from the downloaded float32 output, so
 * the only float error is the output's own rounding (about 6e-8 relative), divided by the step
 * {@code 2h = 2e-2}: about 3e-6 relative. Truncation error of the central difference is {@code
 * h²/6·f'''}, about 2e-5 for the smooth functions used. Hence the tolerance {@code |analytic -
 * numeric| <= 2e-3 + 2e-2·|numeric|}, per element.
 */
public final class GradientCheck {

  static final float STEP = 1e-2f;
  static final double ABSOLUTE = 2e-3;
  static final double RELATIVE = 2e-2;

  private GradientCheck() {}

  /** First derivatives: backward() against finite differences of L. */
  public static void firstOrder(Backend backend, GradientCase c, long seed) {
    Random random = new Random(seed);
    float[][] values = draw(c, random);
    try (TensorScope scope = TensorScope.open()) {
      Tensor[] leaves = leaves(backend, c, values);
      Tensor y = c.function().apply(leaves);
      float[] weights = weights(y.size(), random);
      Tensor loss = weightedSum(y, weights);
      loss.backward();
      for (int i = 0; i < leaves.length; i++) {
        float[] analytic =
            leaves[i].grad() == null ? new float[leaves[i].size()] : leaves[i].grad().toArray();
        double[] numeric = numericGradient(backend, c, values, weights, i);
        compare(c.name() + ": gradient of input " + i, analytic, numeric);
      }
    }
  }

  /**
   * Second derivatives: the Hessian-vector product {@code H·v}, from differentiating {@code <∇L,
   * v>} with a recorded first backward pass, against finite differences of ∇L along v.
   */
  public static void secondOrder(Backend backend, GradientCase c, long seed) {
    Random random = new Random(seed);
    float[][] values = draw(c, random);
    float[] weights;
    float[][] direction = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      direction[i] = weights(values[i].length, random);
    }
    try (TensorScope scope = TensorScope.open()) {
      Tensor[] leaves = leaves(backend, c, values);
      Tensor y = c.function().apply(leaves);
      weights = weights(y.size(), random);
      Tensor loss = weightedSum(y, weights);
      List<Tensor> grads = Autograd.grad(List.of(loss), List.of(leaves), true);
      Tensor projection = null;
      for (int i = 0; i < leaves.length; i++) {
        Tensor term = grads.get(i).mul(Tensor.of(backend, direction[i], c.shapes()[i])).sum();
        projection = projection == null ? term : projection.add(term);
      }
      float[][] analytic = new float[leaves.length][];
      if (projection.requiresGrad()) {
        List<Tensor> hv = Autograd.grad(List.of(projection), List.of(leaves), false);
        for (int i = 0; i < leaves.length; i++) {
          analytic[i] = hv.get(i).toArray();
        }
      } else {
        // the gradient does not depend on the inputs: the Hessian is zero
        for (int i = 0; i < leaves.length; i++) {
          analytic[i] = new float[values[i].length];
        }
      }
      float[][] plus = gradientAt(backend, c, shifted(values, direction, STEP), weights);
      float[][] minus = gradientAt(backend, c, shifted(values, direction, -STEP), weights);
      for (int i = 0; i < leaves.length; i++) {
        double[] numeric = new double[plus[i].length];
        for (int j = 0; j < numeric.length; j++) {
          numeric[j] = ((double) plus[i][j] - minus[i][j]) / (2.0 * STEP);
        }
        compare(c.name() + ": Hessian-vector product, input " + i, analytic[i], numeric);
      }
    }
  }

  private static float[][] gradientAt(
      Backend backend, GradientCase c, float[][] values, float[] weights) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor[] leaves = leaves(backend, c, values);
      Tensor y = c.function().apply(leaves);
      Tensor loss = weightedSum(y, weights);
      List<Tensor> grads = Autograd.grad(List.of(loss), List.of(leaves), false);
      float[][] out = new float[grads.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = grads.get(i).toArray();
      }
      return out;
    }
  }

  /** The scalar under test, {@code L = Σ y ⊙ W}. */
  private static Tensor weightedSum(Tensor y, float[] weights) {
    return y.mul(Tensor.of(y.backend(), weights, y.shape())).sum();
  }

  private static float[][] shifted(float[][] values, float[][] direction, float step) {
    float[][] out = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].clone();
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] += step * direction[i][j];
      }
    }
    return out;
  }

  private static double[] numericGradient(
      Backend backend, GradientCase c, float[][] values, float[] weights, int input) {
    double[] numeric = new double[values[input].length];
    for (int j = 0; j < numeric.length; j++) {
      float original = values[input][j];
      values[input][j] = original + STEP;
      double plus = evaluate(backend, c, values, weights);
      values[input][j] = original - STEP;
      double minus = evaluate(backend, c, values, weights);
      values[input][j] = original;
      numeric[j] = (plus - minus) / (2.0 * STEP);
    }
    return numeric;
  }

  private static double evaluate(Backend backend, GradientCase c, float[][] values, float[] w) {
    try (TensorScope scope = TensorScope.open();
        NoGrad noGrad = Autograd.noGrad()) {
      Tensor[] inputs = new Tensor[values.length];
      for (int i = 0; i < values.length; i++) {
        inputs[i] = Tensor.of(backend, values[i], c.shapes()[i]);
      }
      float[] y = c.function().apply(inputs).toArray();
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        sum += (double) y[i] * w[i];
      }
      return sum;
    }
  }

  private static float[][] draw(GradientCase c, Random random) {
    float[][] values = new float[c.shapes().length][];
    for (int i = 0; i < values.length; i++) {
      values[i] = c.inputs().draw(Arrays.stream(c.shapes()[i]).reduce(1, (a, b) -> a * b), random);
    }
    return values;
  }

  private static Tensor[] leaves(Backend backend, GradientCase c, float[][] values) {
    List<Tensor> leaves = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      leaves.add(Tensor.of(backend, values[i], c.shapes()[i]).requiresGrad(true));
    }
    return leaves.toArray(new Tensor[0]);
  }

  private static float[] weights(int size, Random random) {
    float[] w = new float[size];
    for (int i = 0; i < size; i++) {
      w[i] = (float) (0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
    }
    return w;
  }

  private static void compare(String what, float[] analytic, double[] numeric) {
    if (analytic.length != numeric.length) {
      throw new AssertionFailedError(
          what + ": " + analytic.length + " analytic values but " + numeric.length + " numeric");
    }
    for (int j = 0; j < numeric.length; j++) {
      double error = Math.abs(analytic[j] - numeric[j]);
      if (!(error <= ABSOLUTE + RELATIVE * Math.abs(numeric[j]))) {
        throw new AssertionFailedError(
            String.format(
                "%s: element %d is %.6g by autograd but %.6g by finite differences (error %.3g,"
                    + " allowed %.3g)%nanalytic %s%nnumeric  %s",
                what,
                j,
                analytic[j],
                numeric[j],
                error,
                ABSOLUTE + RELATIVE * Math.abs(numeric[j]),
                Arrays.toString(analytic),
                Arrays.toString(numeric)));
      }
    }
  }
}
