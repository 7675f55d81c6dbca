package dev.stratum.conformance;

import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/** Cases of {@code unary}: every op on every size, on the special values, and in place. */
final class UnaryConformance {

  private UnaryConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) {
      String variant = op.name();
      for (int n : Inputs.SIZES) {
        cases.add(
            ConformanceCase.of(
                "unary " + op + " [" + n + "]",
                Kernel.UNARY,
                variant,
                ws -> check(ws, op, alpha(op), inputs(op, n), false)));
      }
      cases.add(
          ConformanceCase.of(
              "unary " + op + " NaN, infinities, zeros, large values",
              Kernel.UNARY,
              variant,
              ws -> check(ws, op, alpha(op), Inputs.SPECIALS.clone(), false)));
      cases.add(
          ConformanceCase.of(
              "unary " + op + " in place [33]",
              Kernel.UNARY,
              variant,
              ws -> check(ws, op, alpha(op), inputs(op, 33), true)));
    }
    for (float alpha : new float[] {0.5f, 2f}) {
      cases.add(
          ConformanceCase.of(
              "unary ELU alpha " + alpha + " [17]",
              Kernel.UNARY,
              "ELU",
              ws -> check(ws, UnaryOp.ELU, alpha, inputs(UnaryOp.ELU, 17), false)));
    }
    cases.add(
        ConformanceCase.of(
            "unary LEAKY_RELU alpha 0.01 [17]",
            Kernel.UNARY,
            "LEAKY_RELU",
            ws -> check(ws, UnaryOp.LEAKY_RELU, 0.01f, inputs(UnaryOp.LEAKY_RELU, 17), false)));
    return cases;
  }

  /** The tolerance of each op; see {@link Tolerance} for the reasons. */
  static Tolerance tolerance(UnaryOp op, float alpha) {
    return switch (op) {
      case NEG, ABS, SIGN, RELU, LEAKY_RELU, SQUARE, STEP -> Tolerance.exact();
      case SQRT, RECIPROCAL -> Tolerance.fewUlps();
      case ELU -> Tolerance.transcendental(alpha);
      case EXP, LOG, SIGMOID, TANH, SOFTPLUS -> Tolerance.transcendental();
    };
  }

  /** LEAKY_RELU and ELU read alpha; every other op gets an odd alpha it must ignore. */
  private static float alpha(UnaryOp op) {
    return switch (op) {
      case LEAKY_RELU -> 0.1f;
      case ELU -> 1f;
      default -> 7f;
    };
  }

  private static float[] inputs(UnaryOp op, int n) {
    long seed = 31L * op.ordinal() + n;
    return switch (op) {
      case LOG, SQRT -> Inputs.uniform(seed, n, 0.01f, 10f);
      case EXP -> Inputs.uniform(seed, n, -20f, 20f);
      default -> Inputs.uniform(seed, n, -6f, 6f);
    };
  }

  private static void check(Workspace ws, UnaryOp op, float alpha, float[] x, boolean inPlace) {
    int n = x.length;
    Storage in = ws.input(x);
    Storage out = inPlace ? in : ws.output(n);
    ws.backend().unary(op, alpha, in, out, n);
    double[] expected = new double[n];
    ReferenceKernels.unary(op, alpha, Expect.toDouble(x), expected, n);
    Expect.close(
        "unary "
            + op
            + " of "
            + java.util.Arrays.toString(java.util.Arrays.copyOf(x, Math.min(n, 4)))
            + (n > 4 ? "..." : ""),
        ws.read(out, n),
        expected,
        tolerance(op, alpha));
  }
}
