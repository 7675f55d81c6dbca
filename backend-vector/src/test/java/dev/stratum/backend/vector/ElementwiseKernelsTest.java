package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.backend.fused.FusedAxpy;
import dev.stratum.backend.fused.FusedBiasActivation;
import dev.stratum.tensor.Shapes;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ElementwiseKernelsTest extends KernelFixture {

  /**
   * Lanewise transcendentals (SVML-style EXP, LOG1P, TANH, EXPM1, POW) are within a few float ulps;
   * SIGMOID, SOFTPLUS and ELU chain two of them. 4e-6 relative (about 32 ulps) covers that with
   * room; the absolute part covers results that cancel to near zero.
   */
  private static final double RTOL = 4e-6;

  private static final double ATOL = 1e-7;

  /** Ops with a correctly rounded or exact float formula: both paths must agree bit for bit. */
  private static final Set<UnaryOp> EXACT_UNARY =
      EnumSet.of(
          UnaryOp.NEG,
          UnaryOp.SQRT,
          UnaryOp.ABS,
          UnaryOp.SIGN,
          UnaryOp.RECIPROCAL,
          UnaryOp.SQUARE,
          UnaryOp.RELU,
          UnaryOp.LEAKY_RELU,
          UnaryOp.STEP);

  private static final float ALPHA = 0.3f;

  static double oracle(UnaryOp op, double x) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case ABS -> Math.abs(x);
      case SIGN -> Double.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0;
      case RECIPROCAL -> 1 / x;
      case SQUARE -> x * x;
      case RELU -> Double.isNaN(x) ? x : Math.max(x, 0);
      case LEAKY_RELU -> x > 0 ? x : ALPHA * x;
      case ELU -> x > 0 ? x : ALPHA * (Math.exp(x) - 1);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case TANH -> Math.tanh(x);
      case SOFTPLUS -> x > 30 ? x : Math.log1p(Math.exp(x));
      case STEP -> Double.isNaN(x) ? x : x > 0 ? 1 : 0;
    };
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void unaryMatchesDoubleOracleAtEveryLength(UnaryOp op) {
    for (int n : LENGTHS) {
      float[] x = randoms(n, n, -8f, 8f);
      double[] want = new double[n];
      for (int i = 0; i < n; i++) {
        want[i] = oracle(op, x[i]);
      }
      float[] simd = runUnary(SIMD, op, x);
      float[] scalar = runUnary(SCALAR, op, x);
      assertClose(simd, want, RTOL, ATOL, "SIMD " + op + " n=" + n);
      assertClose(scalar, want, RTOL, ATOL, "scalar " + op + " n=" + n);
      if (EXACT_UNARY.contains(op)) {
        assertSame(simd, scalar, op + " SIMD vs scalar n=" + n);
      }
    }
  }

  private static float[] runUnary(VectorBackend backend, UnaryOp op, float[] x) {
    Storage in = put(backend, x);
    Storage out = backend.allocate(x.length);
    try {
      backend.unary(op, ALPHA, in, out, x.length);
      return get(backend, out);
    } finally {
      backend.release(in);
      backend.release(out);
    }
  }

  /** Special values, repeated past one vector so they go through the SIMD body, not the tail. */
  private static float[] specials() {
    float[] base = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      0f,
      -0f,
      100f,
      -100f,
      1e-30f,
      -1e-30f,
      88.9f,
      -88.9f,
      1f,
      -1f,
      Float.MIN_VALUE,
      Float.MAX_VALUE,
      -2f
    };
    float[] x = new float[4 * Math.max(base.length, Simd.LANES)];
    for (int i = 0; i < x.length; i++) {
      x[i] = base[i % base.length];
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void unarySpecialValuesFollowTheJavadoc(UnaryOp op) {
    float[] x = specials();
    for (VectorBackend backend : both()) {
      float[] got = runUnary(backend, op, x);
      double[] want = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        want[i] = oracle(op, x[i]);
      }
      assertClose(got, want, RTOL, 1e-30, backend.device() + " " + op + " on special values");
      for (int i = 0; i < x.length; i++) {
        if (Float.isNaN(x[i])) {
          assertThat(got[i]).as(op + "(NaN)").isNaN();
        }
      }
    }
  }

  @Test
  void saturatingFunctionsStayFiniteForLargeInputs() {
    float[] x = specials();
    for (VectorBackend backend : both()) {
      float[] sigmoid = runUnary(backend, UnaryOp.SIGMOID, x);
      float[] softplus = runUnary(backend, UnaryOp.SOFTPLUS, x);
      for (int i = 0; i < x.length; i++) {
        if (x[i] == 100f) {
          assertThat(sigmoid[i]).isEqualTo(1f);
          assertThat(softplus[i]).isEqualTo(100f);
        } else if (x[i] == -100f) {
          // e^-100 is 3.7e-44, a float subnormal: tiny, never NaN and never negative
          assertThat(sigmoid[i]).isBetween(0f, 1e-42f);
          assertThat(softplus[i]).isBetween(0f, 1e-42f);
        } else if (x[i] == Float.NEGATIVE_INFINITY) {
          assertThat(sigmoid[i]).isZero();
          assertThat(softplus[i]).isZero();
        }
      }
      float[] sign = runUnary(backend, UnaryOp.SIGN, new float[] {-0f, 0f, -3f, 5f});
      assertThat(sign).containsExactly(0f, 0f, -1f, 1f);
    }
  }

  // ---------------------------------------------------------------- binary

  static double oracle(BinaryOp op, double a, double b) {
    boolean nan = Double.isNaN(a) || Double.isNaN(b);
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> nan ? Double.NaN : Math.max(a, b);
      case MIN -> nan ? Double.NaN : Math.min(a, b);
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
    };
  }

  /** The naive strided walk: an index counter over {@code shape}, one element at a time. */
  static double[] naiveBinary(
      BinaryOp op, int[] shape, float[] a, int[] aStrides, float[] b, int[] bStrides) {
    int size = 1;
    for (int extent : shape) {
      size *= extent;
    }
    double[] out = new double[size];
    int[] index = new int[shape.length];
    for (int flat = 0; flat < size; flat++) {
      int ao = 0;
      int bo = 0;
      for (int d = 0; d < shape.length; d++) {
        ao += index[d] * aStrides[d];
        bo += index[d] * bStrides[d];
      }
      out[flat] = oracle(op, a[ao], b[bo]);
      for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
        index[d] = 0;
      }
    }
    return out;
  }

  static int span(int[] shape, int[] strides) {
    int last = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 0) {
        return 0;
      }
      last += (shape[d] - 1) * strides[d];
    }
    return last + 1;
  }

  private static float[] runBinary(
      VectorBackend backend,
      BinaryOp op,
      int[] shape,
      float[] a,
      int[] as,
      float[] b,
      int[] bs,
      int outSize) {
    Storage sa = put(backend, a);
    Storage sb = put(backend, b);
    Storage out = backend.allocate(outSize);
    try {
      backend.fill(out, 0, outSize, -12345f);
      backend.binary(op, shape, sa, as, sb, bs, out);
      return get(backend, out);
    } finally {
      backend.release(sa);
      backend.release(sb);
      backend.release(out);
    }
  }

  private static void checkBinary(BinaryOp op, int[] shape, int[] as, int[] bs, String what) {
    float[] a = randoms(Math.max(1, span(shape, as)), 11, -3f, 3f);
    float[] b = randoms(Math.max(1, span(shape, bs)), 12, 0.5f, 3f);
    if (op != BinaryOp.POW && op != BinaryOp.DIV) {
      b = randoms(b.length, 13, -3f, 3f);
      // equal values make EQ/LE/GE take both branches
      for (int i = 0; i < Math.min(a.length, b.length); i += 3) {
        b[i] = a[i];
      }
    }
    double[] want = naiveBinary(op, shape, a, as, b, bs);
    float[] simd = runBinary(SIMD, op, shape, a, as, b, bs, want.length);
    float[] scalar = runBinary(SCALAR, op, shape, a, as, b, bs, want.length);
    double rtol = op == BinaryOp.POW ? RTOL : 0;
    assertClose(simd, want, rtol, 0, "SIMD " + op + " " + what);
    assertClose(scalar, want, rtol, 0, "scalar " + op + " " + what);
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void binaryContiguousMatchesOracleAtEveryLength(BinaryOp op) {
    for (int n : LENGTHS) {
      checkBinary(op, new int[] {n}, new int[] {1}, new int[] {1}, "n=" + n);
    }
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void binaryBroadcastingCorners(BinaryOp op) {
    checkBinary(op, new int[] {5, 37}, new int[] {0, 0}, new int[] {37, 1}, "scalar a");
    checkBinary(op, new int[] {5, 37}, new int[] {37, 1}, new int[] {0, 0}, "scalar b");
    checkBinary(op, new int[] {3, 4}, new int[] {0, 0}, new int[] {0, 0}, "both scalar");
    checkBinary(op, new int[] {9, 33}, new int[] {33, 1}, new int[] {0, 1}, "row broadcast");
    checkBinary(op, new int[] {9, 33}, new int[] {1, 0}, new int[] {33, 1}, "column broadcast");
    checkBinary(op, new int[] {17, 19}, new int[] {1, 0}, new int[] {0, 1}, "outer product");
    checkBinary(
        op, new int[] {1, 5, 1, 3}, new int[] {15, 3, 3, 1}, new int[] {0, 3, 0, 1}, "size-1 dims");
    checkBinary(
        op,
        new int[] {4, 3, 33},
        new int[] {99, 33, 1},
        new int[] {33, 0, 1},
        "middle axis broadcast");
    checkBinary(op, new int[] {7, 17}, new int[] {1, 7}, new int[] {17, 1}, "transposed a");
    checkBinary(op, new int[] {}, new int[] {}, new int[] {}, "rank 0");
    checkBinary(op, new int[] {3, 0, 5}, new int[] {0, 5, 1}, new int[] {0, 5, 1}, "empty dim");
    checkBinary(
        op, new int[] {1021, 131}, new int[] {131, 1}, new int[] {0, 1}, "threaded row broadcast");
    checkBinary(
        op, new int[] {3, 40_009}, new int[] {1, 0}, new int[] {40_009, 1}, "threaded long rows");
  }

  @ParameterizedTest
  @EnumSource(BinaryOp.class)
  void binaryNanAndInfinityFollowTheJavadoc(BinaryOp op) {
    float[] values = {Float.NaN, 1f, -1f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    int pairs = values.length * values.length;
    int n = pairs * Math.max(1, 2 * Simd.LANES / pairs + 1);
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = values[(i % pairs) / values.length];
      b[i] = values[i % values.length];
    }
    double[] want = naiveBinary(op, new int[] {n}, a, new int[] {1}, b, new int[] {1});
    for (VectorBackend backend : both()) {
      float[] got = runBinary(backend, op, new int[] {n}, a, new int[] {1}, b, new int[] {1}, n);
      assertClose(got, want, 0, 0, backend.device() + " " + op + " special values");
    }
  }

  @Test
  void binaryMayWriteInPlaceOverAnOperand() {
    for (VectorBackend backend : both()) {
      float[] a = randoms(1021, 5, -1f, 1f);
      float[] b = randoms(1021, 6, -1f, 1f);
      Storage sa = put(backend, a);
      Storage sb = put(backend, b);
      backend.binary(BinaryOp.ADD, new int[] {1021}, sa, new int[] {1}, sb, new int[] {1}, sa);
      float[] got = get(backend, sa);
      for (int i = 0; i < a.length; i++) {
        assertThat(got[i]).isEqualTo(a[i] + b[i]);
      }
      backend.release(sa);
      backend.release(sb);
    }
  }

  // ---------------------------------------------------------------- where

  @Test
  void whereSelectsAndTreatsNanAsTrue() {
    int[][] shapes = {{1}, {17}, {1021}, {100_003}, {9, 33}};
    for (int[] shape : shapes) {
      int n = 1;
      for (int extent : shape) {
        n *= extent;
      }
      int[] contiguous = Shapes.strides(shape);
      float[] cond = randoms(n, 1, -1f, 1f);
      for (int i = 0; i < n; i += 2) {
        cond[i] = i % 6 == 0 ? 0f : i % 6 == 2 ? Float.NaN : -0f;
      }
      float[] a = randoms(n, 2, -1f, 1f);
      float[] b = randoms(n, 3, -1f, 1f);
      float[] want = new float[n];
      for (int i = 0; i < n; i++) {
        want[i] = cond[i] != 0 || Float.isNaN(cond[i]) ? a[i] : b[i];
      }
      for (VectorBackend backend : both()) {
        assertSame(
            runWhere(backend, shape, cond, contiguous, a, contiguous, b, contiguous),
            want,
            backend.device() + " where " + n);
      }
    }
  }

  @Test
  void whereBroadcastsEachOperand() {
    int[] shape = {7, 33};
    float[] cond = {1f, 0f, Float.NaN, 0f, 1f, 0f, 0f};
    float[] a = randoms(33, 1, -1f, 1f);
    float[] b = {42f};
    float[] want = new float[7 * 33];
    for (int r = 0; r < 7; r++) {
      for (int c = 0; c < 33; c++) {
        want[r * 33 + c] = cond[r] != 0 || Float.isNaN(cond[r]) ? a[c] : 42f;
      }
    }
    for (VectorBackend backend : both()) {
      assertSame(
          runWhere(
              backend, shape, cond, new int[] {1, 0}, a, new int[] {0, 1}, b, new int[] {0, 0}),
          want,
          backend.device() + " broadcast where");
    }
  }

  private static float[] runWhere(
      VectorBackend backend,
      int[] shape,
      float[] cond,
      int[] cs,
      float[] a,
      int[] as,
      float[] b,
      int[] bs) {
    Storage sc = put(backend, cond);
    Storage sa = put(backend, a);
    Storage sb = put(backend, b);
    int n = 1;
    for (int extent : shape) {
      n *= extent;
    }
    Storage out = backend.allocate(n);
    try {
      backend.where(shape, sc, cs, sa, as, sb, bs, out);
      return get(backend, out);
    } finally {
      backend.release(sc);
      backend.release(sa);
      backend.release(sb);
      backend.release(out);
    }
  }

  // ---------------------------------------------------------------- fused

  @Test
  void biasActivationEqualsAddThenActivation() {
    int[][] sizes = {{1, 1}, {3, 7}, {5, 33}, {2, 1021}, {300, 131}};
    for (int[] size : sizes) {
      int rows = size[0];
      int cols = size[1];
      float[] x = randoms(rows * cols, rows, -4f, 4f);
      float[] bias = randoms(cols, cols, -1f, 1f);
      for (UnaryOp act : new UnaryOp[] {null, UnaryOp.RELU, UnaryOp.TANH, UnaryOp.SIGMOID}) {
        double[] want = new double[rows * cols];
        for (int i = 0; i < want.length; i++) {
          float sum = x[i] + bias[i % cols];
          want[i] = act == null ? sum : oracle(act, sum);
        }
        for (VectorBackend backend : both()) {
          Storage sx = put(backend, x);
          Storage sb = put(backend, bias);
          Storage out = backend.allocate(rows * cols);
          backend
              .capability(FusedBiasActivation.class)
              .orElseThrow()
              .biasActivation(act, 0f, sx, sb, rows, cols, out);
          assertClose(
              get(backend, out),
              want,
              RTOL,
              ATOL,
              backend.device() + " bias+" + act + " " + rows + "x" + cols);
          backend.release(sx);
          backend.release(sb);
          backend.release(out);
        }
      }
    }
  }

  @Test
  void axpyAddsScaledVectorExactly() {
    for (int n : LENGTHS) {
      float[] x = randoms(n, 1, -1f, 1f);
      float[] y = randoms(n, 2, -1f, 1f);
      float[] want = new float[n];
      for (int i = 0; i < n; i++) {
        want[i] = y[i] + 0.75f * x[i];
      }
      for (VectorBackend backend : both()) {
        Storage sx = put(backend, x);
        Storage sy = put(backend, y);
        backend.capability(FusedAxpy.class).orElseThrow().axpy(0.75f, sx, sy, n);
        assertSame(get(backend, sy), want, backend.device() + " axpy n=" + n);
        backend.release(sx);
        backend.release(sy);
      }
    }
  }

  @Test
  void adamUpdateFollowsItsFloatFormulaBitForBit() {
    FusedAdam.Coefficients c = FusedAdam.Coefficients.forStep(0.9, 0.999, 1e-8, 1e-3, 3);
    for (int n : LENGTHS) {
      float[] p = randoms(n, 3, -2f, 2f);
      float[] g = randoms(n, 4, -1f, 1f);
      float[] m = randoms(n, 5, -0.5f, 0.5f);
      float[] v = randoms(n, 6, 0f, 0.25f);
      float[] wantP = new float[n];
      float[] wantM = new float[n];
      float[] wantV = new float[n];
      for (int i = 0; i < n; i++) {
        wantM[i] = c.beta1() * m[i] + c.oneMinusBeta1() * g[i];
        wantV[i] = c.beta2() * v[i] + c.oneMinusBeta2() * (g[i] * g[i]);
        float denominator = (float) Math.sqrt(wantV[i]) * c.vScale() + c.epsilon();
        wantP[i] = p[i] + -c.stepSize() * (wantM[i] / denominator);
      }
      for (VectorBackend backend : both()) {
        Storage sp = put(backend, p);
        Storage sg = put(backend, g);
        Storage sm = put(backend, m);
        Storage sv = put(backend, v);
        backend.capability(FusedAdam.class).orElseThrow().adamUpdate(sp, sg, sm, sv, n, c);
        assertSame(get(backend, sm), wantM, backend.device() + " adam m n=" + n);
        assertSame(get(backend, sv), wantV, backend.device() + " adam v n=" + n);
        assertSame(get(backend, sp), wantP, backend.device() + " adam param n=" + n);
        for (Storage s : new Storage[] {sp, sg, sm, sv}) {
          backend.release(s);
        }
      }
    }
  }
}
