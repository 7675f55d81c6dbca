package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cases of the optional fused kernels {@code biasActivation}, {@code axpy} and {@code adamUpdate}:
 * once as the backend runs them (its own or the defaults it inherits), and once through {@link
 * InterfaceDefaults}, which runs the interface's default implementations on the backend's core
 * kernels. The defaults call binary, unary and fill (and adamUpdate's calls axpy), so the cases
 * need those.
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
      Kernel adam = viaDefault ? Kernel.BINARY : Kernel.ADAM_UPDATE;
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
        for (int t : new int[] {1, 1000}) {
          cases.add(
              new ConformanceCase(
                  "adamUpdate step " + t + " [" + n + "]" + suffix,
                  adam,
                  "",
                  DEFAULTS_NEED,
                  ws -> adam(ws, viaDefault, t, n)));
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

  /**
   * Adam at step {@code t} with PyTorch's hyper-parameters on random state ({@code v >= 0}).
   * Tolerances: {@code m} and {@code v} are two-term sums ({@code v}'s square adds a rounding); the
   * parameter's error is a few roundings of the update's magnitude, taken with the numerator's
   * terms before cancellation ({@code |β₁m| + |(1 − β₁)g|}), plus the final addition's rounding of
   * {@code |param|}; 16 units cover the ~8 roundings (and OpenCL's 2.5-ulp division and square
   * root) with room.
   */
  private static void adam(Workspace ws, boolean viaDefault, int t, int n) {
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float epsilon = 1e-8f;
    float stepSize = (float) (1e-3 / (1 - Math.pow(beta1, t)));
    float vScale = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
    float[] p = Inputs.uniform(n + 7L, n, -2, 2);
    float[] g = Inputs.uniform(n + 8L, n, -1, 1);
    float[] m = Inputs.uniform(n + 9L, n, -0.5f, 0.5f);
    float[] v = Inputs.uniform(n + 10L, n, 0, 0.25f);
    Storage ps = ws.input(p);
    Storage ms = ws.input(m);
    Storage vs = ws.input(v);
    target(ws, viaDefault)
        .adamUpdate(
            ps,
            ws.input(g),
            ms,
            vs,
            n,
            beta1,
            1 - beta1,
            beta2,
            1 - beta2,
            stepSize,
            vScale,
            epsilon);
    double[] ep = Expect.toDouble(p);
    double[] em = Expect.toDouble(m);
    double[] ev = Expect.toDouble(v);
    ReferenceKernels.adamUpdate(
        ep,
        Expect.toDouble(g),
        em,
        ev,
        n,
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
        stepSize,
        vScale,
        epsilon);
    double[] mScale = new double[n];
    double[] vScaleSum = new double[n];
    double[] pScale = new double[n];
    for (int i = 0; i < n; i++) {
      mScale[i] = Math.abs(beta1 * (double) m[i]) + Math.abs((1 - beta1) * g[i]);
      vScaleSum[i] = Math.abs(beta2 * (double) v[i]) + (1 - beta2) * g[i] * g[i];
      double denominator = Math.sqrt(ev[i]) * vScale + epsilon;
      pScale[i] = Math.abs(ep[i]) + stepSize * mScale[i] / denominator;
    }
    Expect.close(
        "adamUpdate m",
        ws.read(ms, n),
        em,
        (i, e) -> 4 * Tolerance.U * mScale[i] + Float.MIN_NORMAL);
    Expect.close(
        "adamUpdate v",
        ws.read(vs, n),
        ev,
        (i, e) -> 6 * Tolerance.U * vScaleSum[i] + Float.MIN_NORMAL);
    Expect.close(
        "adamUpdate param",
        ws.read(ps, n),
        ep,
        (i, e) -> 16 * Tolerance.U * pScale[i] + Float.MIN_NORMAL);
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
