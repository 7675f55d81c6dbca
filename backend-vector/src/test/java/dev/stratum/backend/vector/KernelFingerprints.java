package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.UnaryOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The exact bits of the kernels whose results once depended on the JIT tier (every unary op,
 * softmax and log-softmax, row sums), hashed per kernel. {@link #main} prints them, for a child JVM
 * that runs interpreted ({@code -Xint}); {@link JitIndependenceTest} compares with the same hashes
 * computed after C2 has compiled the kernels.
 */
public final class KernelFingerprints {

  private KernelFingerprints() {}

  /** Inputs long enough for many full vectors and a tail, on one thread (no split). */
  static final int N = 1021;

  static final int COLS = 37;

  /** Kernel name to a hash of its output bits. */
  static Map<String, Long> compute() {
    SplittableRandom random = new SplittableRandom(2024);
    float[] x = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) (random.nextDouble(-12, 12));
    }
    float[] positive = new float[N];
    for (int i = 0; i < N; i++) {
      // 1e-40 .. 1e4: subnormals, values near 1 and large ones for log
      positive[i] = (float) Math.pow(10, random.nextDouble(-40, 4));
    }
    Parallel parallel = new Parallel(1);
    float[] out = new float[N];
    Map<String, Long> hashes = new LinkedHashMap<>();
    for (UnaryOp op : UnaryOp.values()) {
      float[] in = op == UnaryOp.LOG || op == UnaryOp.SQRT ? positive : x;
      ElementwiseKernels.unary(parallel, true, op, 0.7f, in, out, N);
      hashes.put(op.name(), hash(out));
    }
    int rows = N / COLS;
    for (boolean log : new boolean[] {false, true}) {
      ReductionKernels.softmax(parallel, true, log, x, rows, COLS, out);
      hashes.put(log ? "logSoftmax" : "softmax", hash(out));
    }
    ReductionKernels.reduce(parallel, true, ReduceOp.SUM, x, rows, COLS, 1, out);
    hashes.put("sum", hash(out));
    // a product of dot products (GemmDots): its lane sums, its overlapping last vector, every
    // edge kernel (5 rows, 9 columns)
    int m = 5;
    int n = 9;
    int k = VectorGemm.DOT_MIN_K + 3;
    float[] a = new float[m * k];
    float[] b = new float[n * k];
    for (int i = 0; i < a.length; i++) {
      a[i] = x[i % N];
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = x[(7 * i + 3) % N];
    }
    float[] c = new float[m * n];
    VectorGemm.multiply(parallel, new MatmulSpec(1, m, n, k, false, true, m * k, n * k), a, b, c);
    hashes.put("dots", hash(c));
    return hashes;
  }

  private static long hash(float[] values) {
    long h = 1;
    for (float v : values) {
      h = h * 1_000_003 + Float.floatToRawIntBits(v);
    }
    return h;
  }

  public static void main(String[] args) {
    compute().forEach((name, hash) -> System.out.println(name + "=" + hash));
  }
}
