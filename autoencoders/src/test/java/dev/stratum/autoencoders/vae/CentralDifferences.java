package dev.stratum.autoencoders.vae;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Central finite differences of a scalar objective with respect to a parameter tensor, to check the
 * gradients autograd gives (used by the VAE and the GAN tests). The objective is a float32 number
 * of order 1–10; with the step {@code h = 1e-2} its rounding divided by {@code 2h} is about 1e-5
 * and the truncation error {@code h²/6·f'''} about 1e-5 for the smooth (tanh, sigmoid, softplus)
 * objectives used, so each element must agree within {@code 2e-3 + 2e-2·|numeric|}, the tolerance
 * of the layers' {@code GradientAssert}.
 */
public final class CentralDifferences {

  public static final float STEP = 1e-2f;
  public static final double ABSOLUTE = 2e-3;
  public static final double RELATIVE = 2e-2;

  private CentralDifferences() {}

  /**
   * Checks {@code analytic}, the gradient autograd gave for {@code parameter}, against central
   * differences of {@code objective}, each evaluated in its own scope without recording.
   */
  public static void check(
      String what, Tensor parameter, float[] analytic, Supplier<Tensor> objective) {
    float[] base = parameter.toArray();
    if (analytic.length != base.length) {
      throw new AssertionFailedError(
          what + ": gradient has " + analytic.length + " elements, parameter " + base.length);
    }
    double[] numeric = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      float[] shifted = base.clone();
      shifted[i] = base[i] + STEP;
      set(parameter, shifted);
      double plus = evaluate(objective);
      shifted[i] = base[i] - STEP;
      set(parameter, shifted);
      double minus = evaluate(objective);
      numeric[i] = (plus - minus) / (2.0 * STEP);
    }
    set(parameter, base);
    for (int i = 0; i < base.length; i++) {
      double error = Math.abs(analytic[i] - numeric[i]);
      double allowed = ABSOLUTE + RELATIVE * Math.abs(numeric[i]);
      if (!(error <= allowed)) {
        throw new AssertionFailedError(
            String.format(
                "%s: element %d is %.6g by autograd but %.6g by central differences (error %.3g,"
                    + " allowed %.3g)%nanalytic %s%nnumeric  %s",
                what,
                i,
                analytic[i],
                numeric[i],
                error,
                allowed,
                Arrays.toString(analytic),
                Arrays.toString(numeric)));
      }
    }
  }

  /** The objective's value, computed without a graph in a scope of its own. */
  public static double evaluate(Supplier<Tensor> objective) {
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      return objective.get().item();
    }
  }

  /** Overwrites {@code parameter} with {@code values}. */
  public static void set(Tensor parameter, float[] values) {
    try (NoGrad off = Autograd.noGrad();
        Tensor t = Tensor.of(parameter.backend(), values, parameter.shape())) {
      parameter.copyFrom(t);
    }
  }
}
