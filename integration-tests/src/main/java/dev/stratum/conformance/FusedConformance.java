package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cases of the optional fused kernels {@code biasActivation} and {@code axpy}: once as the backend
 * runs them (its own or the defaults it inherits), and once through {@link InterfaceDefaults},
 * which runs the interface's default implementations on the backend's core kernels. The defaults
 * call binary, unary and fill, so the cases need those.
 */
final class FusedConformance {

  private static final Set<Kernel> DEFAULTS_NEED = Set.of(Kernel.BINARY, Kernel.UNARY, Kernel.FILL);
  private static final UnaryOp[] ACTIVATIONS = {
    null, UnaryOp.RELU, UnaryOp.LEAKY_RELU, UnaryOp.SIGMOID, UnaryOp.TANH
  };
  private static final int[][] SHAPES = {{1, 1}, {7, 17}, {33, 16}, {2, 1021}, {0, 5}, {3, 0}};

  private FusedConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (boolean viaDefault : new boolean[] {false, true}) {
      // through the wrapper, binary is the kernel that runs (and that an unsupported backend names)
      Kernel bias = viaDefault ? Kernel.BINARY : Kernel.BIAS_ACTIVATION;
      Kernel axpy = viaDefault ? Kernel.BINARY : Kernel.AXPY;
      String suffix = viaDefault ? " (interface default)" : "";
      for (UnaryOp act : ACTIVATIONS) {
        for (int[] rc : SHAPES) {
          cases.add(
              new ConformanceCase(
                  "biasActivation " + act + " " + Inputs.shape(rc) + suffix,
                  bias,
                  "",
                  DEFAULTS_NEED,
                  ws -> bias(ws, viaDefault, act, rc[0], rc[1], false)));
        }
      }
      cases.add(
          new ConformanceCase(
              "biasActivation RELU in place [7, 17]" + suffix,
              bias,
              "",
              DEFAULTS_NEED,
              ws -> bias(ws, viaDefault, UnaryOp.RELU, 7, 17, true)));
      for (int n : Inputs.SIZES) {
        for (float alpha : new float[] {-2.5f, 0.75f}) {
          cases.add(
              new ConformanceCase(
                  "axpy alpha " + alpha + " [" + n + "]" + suffix,
                  axpy,
                  "",
                  DEFAULTS_NEED,
                  ws -> axpy(ws, viaDefault, alpha, n)));
        }
      }
    }
    return cases;
  }

  private static Backend target(Workspace ws, boolean viaDefault) {
    return viaDefault ? new InterfaceDefaults(ws.backend()) : ws.backend();
  }

  private static void bias(
      Workspace ws, boolean viaDefault, UnaryOp act, int rows, int cols, boolean inPlace) {
    float alpha = 0.2f;
    int n = rows * cols;
    float[] x = Inputs.uniform(n + 3L, n, -4, 4);
    float[] b = Inputs.uniform(cols + 4L, cols, -2, 2);
    Storage xs = ws.input(x);
    Storage out = inPlace ? xs : ws.output(n);
    target(ws, viaDefault).biasActivation(act, alpha, xs, ws.input(b), rows, cols, out);
    double[] expected = new double[n];
    ReferenceKernels.biasActivation(
        act, alpha, Expect.toDouble(x), Expect.toDouble(b), rows, cols, expected);
    // x + bias is one float addition in any implementation: exact; then the activation's tolerance
    Tolerance tolerance = act == null ? Tolerance.exact() : UnaryConformance.tolerance(act, alpha);
    Expect.close("biasActivation " + act, ws.read(out, n), expected, tolerance);
  }

  private static void axpy(Workspace ws, boolean viaDefault, float alpha, int n) {
    float[] x = Inputs.uniform(n + 5L, n, -4, 4);
    float[] y = Inputs.uniform(n + 6L, n, -4, 4);
    Storage ys = ws.input(y);
    target(ws, viaDefault).axpy(alpha, ws.input(x), ys, n);
    double[] expected = Expect.toDouble(y);
    ReferenceKernels.axpy(alpha, Expect.toDouble(x), expected, n);
    // alpha·x then + y rounds twice, a fused multiply-add once: allow the two-term sum bound
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      scale[i] = Math.abs(y[i]) + Math.abs((double) alpha * x[i]);
    }
    Expect.close("axpy", ws.read(ys, n), expected, Tolerance.sum(2, scale));
  }
}
