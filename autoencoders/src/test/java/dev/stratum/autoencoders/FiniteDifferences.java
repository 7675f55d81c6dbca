package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.function.Supplier;

/**
 * Central finite differences of a scalar objective with respect to a parameter, for checking the
 * gradients autograd gives. As in the layers' {@code GradientAssert}: the objective is a float32
 * number, the step is {@code h = 1e-2}, and the tolerance per element is {@code 2e-3 +
 * 2e-2·|numeric|}: float rounding of an objective of order 1 divided by {@code 2h} is about 1e-5,
 * the truncation error {@code h²/6·f'''} about 2e-5 for the smooth objectives used here.
 */
final class FiniteDifferences {

  static final float STEP = 1e-2f;
  static final double ABSOLUTE = 2e-3;
  static final double RELATIVE = 2e-2;

  private FiniteDifferences() {}

  /**
   * Checks {@code analytic} (the gradient autograd gave for {@code parameter}) against central
   * differences of {@code objective}, which is evaluated in its own scope with recording on.
   */
  static void check(String what, Tensor parameter, float[] analytic, Supplier<Tensor> objective) {
    float[] base = parameter.toArray();
    assertThat(analytic).as(what + ": gradient length").hasSize(base.length);
    for (int i = 0; i < base.length; i++) {
      float[] shifted = base.clone();
      shifted[i] = base[i] + STEP;
      set(parameter, shifted);
      double plus = evaluate(objective);
      shifted[i] = base[i] - STEP;
      set(parameter, shifted);
      double minus = evaluate(objective);
      set(parameter, base);
      double numeric = (plus - minus) / (2 * STEP);
      assertThat((double) analytic[i])
          .as("%s: element %d (numeric %.6f)", what, i, numeric)
          .isCloseTo(
              numeric,
              org.assertj.core.data.Offset.offset(ABSOLUTE + RELATIVE * Math.abs(numeric)));
    }
  }

  private static double evaluate(Supplier<Tensor> objective) {
    try (TensorScope scope = TensorScope.open()) {
      return objective.get().item();
    }
  }

  private static void set(Tensor parameter, float[] values) {
    try (NoGrad ignored = Autograd.noGrad();
        Tensor t = Tensor.of(parameter.backend(), values, parameter.shape())) {
      parameter.copyFrom(t);
    }
  }
}
