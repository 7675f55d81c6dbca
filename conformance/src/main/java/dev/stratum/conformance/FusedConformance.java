package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedActivationGradient;
import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.backend.fused.FusedAxpy;
import dev.stratum.backend.fused.FusedBiasActivation;
import dev.stratum.backend.fused.FusedGruCell;
import dev.stratum.backend.fused.FusedLstmCell;
import dev.stratum.backend.fused.PackedMatmul;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cases of the fused kernels a backend offers as capabilities ({@link dev.stratum.backend.fused}).
 * Each one offered is checked twice on the same inputs: against {@link ReferenceKernels}' double
 * oracle with the tolerances of the kernels it fuses, and against the composition of the backend's
 * own core kernels that the capability's javadoc defines (which is what the code using it runs
 * where a backend does not offer it): bit for bit, except where that javadoc allows less (bias + a
 * transcendental activation). A capability the backend does not offer has no cases; {@link
 * #offered} names the ones it does, for the summary line.
 *
 * <p>A capability is offered or not, never declared unsupported, so these cases name {@link
 * Kernel#MEMORY} (which no backend can declare unsupported) as their kernel. The compositions call
 * binary, unary and fill, so the cases need those.
 */
final class FusedConformance {

  /** Every capability the kit checks, in the order the summary line names them. */
  static final List<Class<?>> KNOWN =
      List.of(
          FusedBiasActivation.class,
          FusedActivationGradient.class,
          FusedAxpy.class,
          FusedAdam.class,
          FusedLstmCell.class,
          FusedGruCell.class,
          PackedMatmul.class);

  private static final Set<Kernel> COMPOSITION_NEEDS =
      Set.of(Kernel.BINARY, Kernel.UNARY, Kernel.FILL, Kernel.COPY);
  private static final Set<Kernel> GRADIENT_NEEDS =
      Set.of(Kernel.BINARY, Kernel.UNARY, Kernel.FILL, Kernel.COPY, Kernel.WHERE);
  private static final UnaryOp[] ACTIVATIONS = {
    null, UnaryOp.RELU, UnaryOp.LEAKY_RELU, UnaryOp.ELU, UnaryOp.SIGMOID, UnaryOp.TANH
  };
  private static final UnaryOp[] GRADIENT_ACTIVATIONS = {
    UnaryOp.RELU, UnaryOp.LEAKY_RELU, UnaryOp.ELU, UnaryOp.SIGMOID, UnaryOp.TANH
  };
  private static final Set<UnaryOp> EXACT = exactActivations();
  private static final int[][] SHAPES = {{1, 1}, {7, 17}, {33, 16}, {2, 1021}, {0, 5}, {3, 0}};

  private FusedConformance() {}

  /** The simple names of the capabilities of {@link #KNOWN} that {@code backend} offers. */
  static List<String> offered(Backend backend) {
    return KNOWN.stream()
        .filter(type -> backend.capability(type).isPresent())
        .map(Class::getSimpleName)
        .toList();
  }

  static List<ConformanceCase> cases(Backend backend) {
    List<ConformanceCase> cases = new ArrayList<>();
    if (backend.capability(FusedBiasActivation.class).isPresent()) {
      for (UnaryOp act : ACTIVATIONS) {
        for (int[] rc : SHAPES) {
          cases.add(
              fused(
                  "FusedBiasActivation " + act + " " + Inputs.shape(rc),
                  ws -> bias(ws, act, rc[0], rc[1], false)));
        }
      }
      cases.add(
          fused(
              "FusedBiasActivation RELU in place [7, 17]",
              ws -> bias(ws, UnaryOp.RELU, 7, 17, true)));
    }
    if (backend.capability(FusedActivationGradient.class).isPresent()) {
      for (UnaryOp act : GRADIENT_ACTIVATIONS) {
        for (int n : Inputs.SIZES) {
          cases.add(
              new ConformanceCase(
                  "FusedActivationGradient " + act + " [" + n + "]",
                  Kernel.MEMORY,
                  "",
                  GRADIENT_NEEDS,
                  ws -> activationGradient(ws, act, n, false)));
        }
      }
      cases.add(
          new ConformanceCase(
              "FusedActivationGradient TANH in place [33]",
              Kernel.MEMORY,
              "",
              GRADIENT_NEEDS,
              ws -> activationGradient(ws, UnaryOp.TANH, 33, true)));
    }
    if (backend.capability(FusedAxpy.class).isPresent()) {
      for (int n : Inputs.SIZES) {
        for (float alpha : new float[] {-2.5f, 0.75f}) {
          cases.add(fused("FusedAxpy alpha " + alpha + " [" + n + "]", ws -> axpy(ws, alpha, n)));
        }
      }
    }
    if (backend.capability(FusedAdam.class).isPresent()) {
      for (int n : Inputs.SIZES) {
        for (int t : new int[] {1, 1000}) {
          cases.add(fused("FusedAdam step " + t + " [" + n + "]", ws -> adam(ws, t, n)));
        }
      }
    }
    RecurrentCellConformance.add(cases, backend);
    PackedMatmulConformance.add(cases, backend);
    return cases;
  }

  /** The activations unary computes exactly, and none (null). */
  private static Set<UnaryOp> exactActivations() {
    Set<UnaryOp> exact = new HashSet<>();
    exact.add(null);
    exact.add(UnaryOp.RELU);
    exact.add(UnaryOp.LEAKY_RELU);
    return exact;
  }

  static ConformanceCase fused(String name, ConformanceCase.Body body) {
    return new ConformanceCase(name, Kernel.MEMORY, "", COMPOSITION_NEEDS, body);
  }

  // ---------------------------------------------------------------- bias + activation

  private static void bias(Workspace ws, UnaryOp act, int rows, int cols, boolean inPlace) {
    Backend backend = ws.backend();
    float alpha = act == UnaryOp.ELU ? 1.5f : 0.2f;
    int n = rows * cols;
    float[] x = Inputs.uniform(n + 3L, n, -4, 4);
    float[] b = Inputs.uniform(cols + 4L, cols, -2, 2);
    Storage bias = ws.input(b);
    Storage xs = ws.input(x);
    Storage out = inPlace ? xs : ws.output(n);
    backend
        .capability(FusedBiasActivation.class)
        .orElseThrow()
        .biasActivation(act, alpha, xs, bias, rows, cols, out);
    float[] got = ws.read(out, n);

    Storage xc = ws.input(x);
    Storage composed = inPlace ? xc : ws.output(n);
    backend.binary(
        BinaryOp.ADD,
        new int[] {rows, cols},
        xc,
        new int[] {cols, 1},
        bias,
        new int[] {0, 1},
        composed);
    if (act != null) {
      backend.unary(act, alpha, composed, composed, n);
    }
    // bit for bit where unary is exact; a transcendental within unary's own tolerance, because a
    // vectorised unary may round an element differently in its body and its tail
    String what = "FusedBiasActivation " + act + " against binary ADD then unary";
    if (EXACT.contains(act)) {
      Expect.identical(what, got, ws.read(composed, n));
    } else {
      Expect.close(
          what, got, Expect.toDouble(ws.read(composed, n)), UnaryConformance.tolerance(act, alpha));
    }

    double[] expected = new double[n];
    ReferenceKernels.biasActivation(
        act, alpha, Expect.toDouble(x), Expect.toDouble(b), rows, cols, expected);
    // x + bias is one float addition in any implementation: exact; then the activation's tolerance
    Tolerance tolerance = act == null ? Tolerance.exact() : UnaryConformance.tolerance(act, alpha);
    Expect.close("FusedBiasActivation " + act, got, expected, tolerance);
  }

  // ---------------------------------------------------------------- activation gradient

  /**
   * {@code g·act'(y)} on outputs {@code y} spread over and beyond the activation's range (with
   * zeros, a NaN and infinities among them, whose handling the composition fixes too), against the
   * composition bit for bit and against the derivative in double: at most three roundings, each of
   * a magnitude below {@code |g|·(1 + |y| + y²)} (the infinities and the NaN as the double products
   * give them).
   */
  private static void activationGradient(Workspace ws, UnaryOp act, int n, boolean inPlace) {
    Backend backend = ws.backend();
    float alpha = act == UnaryOp.ELU ? 1.5f : act == UnaryOp.LEAKY_RELU ? 0.2f : 0f;
    float[] y = Inputs.uniform(n + 11L, n, -1.5f, 1.5f);
    float[] g = Inputs.uniform(n + 12L, n, -3, 3);
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < Math.min(n, special.length); i++) {
      y[(int) ((long) i * n / special.length)] = special[i];
    }
    Storage ys = ws.input(y);
    Storage gs = ws.input(g);
    Storage out = inPlace ? gs : ws.output(n);
    backend
        .capability(FusedActivationGradient.class)
        .orElseThrow()
        .activationGradient(act, alpha, ys, gs, out, n);
    float[] got = ws.read(out, n);

    Storage composed = ws.output(n);
    composedActivationGradient(ws, act, alpha, ys, ws.input(g), composed, n);
    // any NaN for a NaN: which operand's NaN a product passes on is the JIT's or the device's
    // choice
    Expect.identical(
        "FusedActivationGradient " + act + " against its composition",
        oneNaN(got),
        oneNaN(ws.read(composed, n)));

    double[] expected = new double[n];
    double[] bound = new double[n];
    for (int i = 0; i < n; i++) {
      double v = y[i];
      double d =
          switch (act) {
            case SIGMOID -> v * (1 - v);
            case TANH -> 1 - v * v;
            case LEAKY_RELU -> v > 0 ? 1 : v != v ? v : alpha;
            case ELU -> v > 0 || v != v ? 1 : v + alpha;
            default -> v > 0 ? 1 : v != v ? v : 0;
          };
      expected[i] = g[i] * d;
      // ELU's derivative of a NaN output is 1 (where counts a NaN condition as true)
      double size = Double.isNaN(v) ? 1 : 1 + Math.abs(v) + v * v;
      bound[i] = 3 * Tolerance.U * Math.abs(g[i]) * size + Float.MIN_NORMAL;
    }
    Expect.close("FusedActivationGradient " + act, got, expected, (i, e) -> bound[i]);
  }

  /** A copy of {@code values} with every NaN replaced by {@link Float#NaN}. */
  private static float[] oneNaN(float[] values) {
    float[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (Float.isNaN(copy[i])) {
        copy[i] = Float.NaN;
      }
    }
    return copy;
  }

  /**
   * {@code g·act'(y)} as {@link FusedActivationGradient} defines it, one core kernel a rounding.
   */
  private static void composedActivationGradient(
      Workspace ws, UnaryOp act, float alpha, Storage y, Storage g, Storage out, int n) {
    Backend backend = ws.backend();
    int[] shape = {n};
    Storage d = ws.allocate(n);
    switch (act) {
      case SIGMOID -> {
        backend.unary(UnaryOp.NEG, 0, y, d, n);
        backend.binary(BinaryOp.ADD, shape, d, DENSE, constant(ws, 1f), BROADCAST, d);
        backend.binary(BinaryOp.MUL, shape, y, DENSE, d, DENSE, d);
      }
      case TANH -> {
        backend.unary(UnaryOp.SQUARE, 0, y, d, n);
        backend.unary(UnaryOp.NEG, 0, d, d, n);
        backend.binary(BinaryOp.ADD, shape, d, DENSE, constant(ws, 1f), BROADCAST, d);
      }
      case LEAKY_RELU -> {
        backend.unary(UnaryOp.STEP, 0, y, d, n);
        backend.binary(BinaryOp.MUL, shape, d, DENSE, constant(ws, 1f - alpha), BROADCAST, d);
        backend.binary(BinaryOp.ADD, shape, d, DENSE, constant(ws, alpha), BROADCAST, d);
      }
      case ELU -> {
        Storage shifted = ws.allocate(n);
        backend.unary(UnaryOp.STEP, 0, y, d, n);
        backend.binary(BinaryOp.ADD, shape, y, DENSE, constant(ws, alpha), BROADCAST, shifted);
        backend.where(shape, d, DENSE, constant(ws, 1f), BROADCAST, shifted, DENSE, d);
      }
      default -> backend.unary(UnaryOp.STEP, 0, y, d, n);
    }
    backend.binary(BinaryOp.MUL, shape, g, DENSE, d, DENSE, out);
  }

  // ---------------------------------------------------------------- axpy

  private static void axpy(Workspace ws, float alpha, int n) {
    float[] x = Inputs.uniform(n + 5L, n, -4, 4);
    float[] y = Inputs.uniform(n + 6L, n, -4, 4);
    Storage xs = ws.input(x);
    Storage ys = ws.input(y);
    ws.backend().capability(FusedAxpy.class).orElseThrow().axpy(alpha, xs, ys, n);
    float[] got = ws.read(ys, n);

    Storage composed = ws.input(y);
    composedAxpy(ws, alpha, xs, composed, n);
    Expect.identical("FusedAxpy against binary MUL then ADD", got, ws.read(composed, n));

    double[] expected = Expect.toDouble(y);
    ReferenceKernels.axpy(alpha, Expect.toDouble(x), expected, n);
    // alpha·x then + y rounds twice: the two-term sum bound
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      scale[i] = Math.abs(y[i]) + Math.abs((double) alpha * x[i]);
    }
    Expect.close("FusedAxpy", got, expected, Tolerance.sum(2, scale));
  }

  /** {@code y += alpha·x} as {@link FusedAxpy} defines it: MUL by a one-element storage, ADD. */
  private static void composedAxpy(Workspace ws, float alpha, Storage x, Storage y, int n) {
    Storage scalar = constant(ws, alpha);
    Storage scaled = ws.allocate(n);
    int[] shape = {n};
    ws.backend().binary(BinaryOp.MUL, shape, x, DENSE, scalar, BROADCAST, scaled);
    ws.backend().binary(BinaryOp.ADD, shape, y, DENSE, scaled, DENSE, y);
  }

  // ---------------------------------------------------------------- Adam

  /**
   * Adam at step {@code t} with PyTorch's hyper-parameters on random state ({@code v >= 0}).
   * Tolerances against the oracle: {@code m} and {@code v} are two-term sums ({@code v}'s square
   * adds a rounding); the parameter's error is a few roundings of the update's magnitude, taken
   * with the numerator's terms before cancellation ({@code |β₁m| + |(1 − β₁)g|}), plus the final
   * addition's rounding of {@code |param|}; 16 units cover the ~8 roundings (and OpenCL's 2.5-ulp
   * division and square root) with room.
   */
  private static void adam(Workspace ws, int t, int n) {
    FusedAdam.Coefficients c = FusedAdam.Coefficients.forStep(0.9, 0.999, 1e-8, 1e-3, t);
    float[] p = Inputs.uniform(n + 7L, n, -2, 2);
    float[] g = Inputs.uniform(n + 8L, n, -1, 1);
    float[] m = Inputs.uniform(n + 9L, n, -0.5f, 0.5f);
    float[] v = Inputs.uniform(n + 10L, n, 0, 0.25f);
    Storage gs = ws.input(g);
    Storage ps = ws.input(p);
    Storage ms = ws.input(m);
    Storage vs = ws.input(v);
    ws.backend().capability(FusedAdam.class).orElseThrow().adamUpdate(ps, gs, ms, vs, n, c);
    float[] gotP = ws.read(ps, n);
    float[] gotM = ws.read(ms, n);
    float[] gotV = ws.read(vs, n);

    Storage pc = ws.input(p);
    Storage mc = ws.input(m);
    Storage vc = ws.input(v);
    composedAdam(ws, pc, gs, mc, vc, n, c);
    Expect.identical("FusedAdam m against its composition", gotM, ws.read(mc, n));
    Expect.identical("FusedAdam v against its composition", gotV, ws.read(vc, n));
    Expect.identical("FusedAdam param against its composition", gotP, ws.read(pc, n));

    double[] ep = Expect.toDouble(p);
    double[] em = Expect.toDouble(m);
    double[] ev = Expect.toDouble(v);
    ReferenceKernels.adamUpdate(
        ep,
        Expect.toDouble(g),
        em,
        ev,
        n,
        c.beta1(),
        c.oneMinusBeta1(),
        c.beta2(),
        c.oneMinusBeta2(),
        c.stepSize(),
        c.vScale(),
        c.epsilon());
    double[] mScale = new double[n];
    double[] vScaleSum = new double[n];
    double[] pScale = new double[n];
    for (int i = 0; i < n; i++) {
      mScale[i] = Math.abs(c.beta1() * (double) m[i]) + Math.abs(c.oneMinusBeta1() * (double) g[i]);
      vScaleSum[i] = Math.abs(c.beta2() * (double) v[i]) + c.oneMinusBeta2() * (double) g[i] * g[i];
      double denominator = Math.sqrt(ev[i]) * c.vScale() + c.epsilon();
      pScale[i] = Math.abs(ep[i]) + c.stepSize() * mScale[i] / denominator;
    }
    Expect.close("FusedAdam m", gotM, em, (i, e) -> 4 * Tolerance.U * mScale[i] + Float.MIN_NORMAL);
    Expect.close(
        "FusedAdam v", gotV, ev, (i, e) -> 6 * Tolerance.U * vScaleSum[i] + Float.MIN_NORMAL);
    Expect.close(
        "FusedAdam param", gotP, ep, (i, e) -> 16 * Tolerance.U * pScale[i] + Float.MIN_NORMAL);
  }

  /** Adam's step as {@link FusedAdam} defines it, one core kernel per rounding. */
  private static void composedAdam(
      Workspace ws, Storage p, Storage g, Storage m, Storage v, int n, FusedAdam.Coefficients c) {
    Backend backend = ws.backend();
    int[] shape = {n};
    Storage work = ws.allocate(n);
    backend.binary(BinaryOp.MUL, shape, m, DENSE, constant(ws, c.beta1()), BROADCAST, m);
    composedAxpy(ws, c.oneMinusBeta1(), g, m, n);
    backend.binary(BinaryOp.MUL, shape, v, DENSE, constant(ws, c.beta2()), BROADCAST, v);
    backend.unary(UnaryOp.SQUARE, 0, g, work, n);
    composedAxpy(ws, c.oneMinusBeta2(), work, v, n);
    backend.unary(UnaryOp.SQRT, 0, v, work, n);
    backend.binary(BinaryOp.MUL, shape, work, DENSE, constant(ws, c.vScale()), BROADCAST, work);
    backend.binary(BinaryOp.ADD, shape, work, DENSE, constant(ws, c.epsilon()), BROADCAST, work);
    backend.binary(BinaryOp.DIV, shape, m, DENSE, work, DENSE, work);
    composedAxpy(ws, -c.stepSize(), work, p, n);
  }

  private static final int[] DENSE = {1};
  private static final int[] BROADCAST = {0};

  private static Storage constant(Workspace ws, float value) {
    Storage s = ws.allocate(1);
    ws.backend().fill(s, 0, 1, value);
    return s;
  }
}
