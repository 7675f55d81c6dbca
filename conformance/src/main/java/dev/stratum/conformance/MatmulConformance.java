package dev.stratum.conformance;

import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of {@code matmul}: the four transpose combinations on sizes 0, 1, powers of two, primes and
 * vector tails; batches with contiguous, broadcast (stride 0) and gapped strides. C starts as NaN,
 * so a kernel that accumulates into C or scales it by a zero beta is caught.
 */
final class MatmulConformance {

  private static final int[][] SIZES = {
    {1, 1, 1}, {2, 3, 4}, {7, 7, 7}, {16, 16, 16}, {33, 17, 7}, {17, 1, 33}, {1, 33, 17},
    {13, 29, 1}, {3, 5, 64}, {1, 1021, 3}, {2, 3, 1021}, {0, 5, 3}, {5, 0, 3}, {4, 5, 0}
  };

  private MatmulConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      boolean transA = (t & 1) != 0;
      boolean transB = (t & 2) != 0;
      for (int[] s : SIZES) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        cases.add(matmul(new MatmulSpec(1, m, n, k, transA, transB, m * k, k * n)));
      }
      cases.add(matmul(new MatmulSpec(3, 7, 5, 9, transA, transB, 63, 45)));
    }
    cases.add(matmul(new MatmulSpec(4, 7, 5, 9, false, false, 0, 45)));
    cases.add(matmul(new MatmulSpec(4, 7, 5, 9, true, false, 63, 0)));
    cases.add(matmul(new MatmulSpec(3, 7, 5, 9, false, true, 63 + 5, 45 + 2)));
    cases.add(matmul(new MatmulSpec(0, 7, 5, 9, false, false, 63, 45)));
    cases.add(matmul(new MatmulSpec(2, 1, 1, 1, true, true, 1, 0)));
    return cases;
  }

  static String describe(MatmulSpec s) {
    StringBuilder text = new StringBuilder("matmul");
    if (s.transA()) {
      text.append(" transA");
    }
    if (s.transB()) {
      text.append(" transB");
    }
    text.append(' ').append(s.m()).append('x').append(s.n()).append('x').append(s.k());
    boolean batched = s.batch() != 1;
    if (batched) {
      text.append(" batch ")
          .append(s.batch())
          .append(" strides ")
          .append(s.aBatchStride())
          .append(", ")
          .append(s.bBatchStride());
    }
    return text.toString();
  }

  private static ConformanceCase matmul(MatmulSpec s) {
    return ConformanceCase.of(describe(s), Kernel.MATMUL, ws -> check(ws, s));
  }

  private static void check(Workspace ws, MatmulSpec s) {
    int aSize = s.batch() == 0 ? 0 : (s.batch() - 1) * s.aBatchStride() + s.m() * s.k();
    int bSize = s.batch() == 0 ? 0 : (s.batch() - 1) * s.bBatchStride() + s.k() * s.n();
    int cSize = s.batch() * s.m() * s.n();
    float[] a = Inputs.uniform(aSize + 1L, aSize, -2, 2);
    float[] b = Inputs.uniform(bSize + 2L, bSize, -2, 2);
    Storage c = ws.output(cSize);
    ws.backend().matmul(s, ws.input(a), ws.input(b), c);
    double[] expected = new double[cSize];
    ReferenceKernels.matmul(s, Expect.toDouble(a), Expect.toDouble(b), expected);
    double[] absProducts = new double[cSize];
    ReferenceKernels.matmul(s, abs(a), abs(b), absProducts);
    Expect.close(describe(s), ws.read(c, cSize), expected, Tolerance.sum(s.k(), absProducts));
  }

  /** Element-wise magnitudes, for the sum bound of a product. */
  static double[] abs(float[] x) {
    double[] result = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = Math.abs(x[i]);
    }
    return result;
  }
}
