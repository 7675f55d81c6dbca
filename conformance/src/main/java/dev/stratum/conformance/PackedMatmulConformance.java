package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import dev.stratum.backend.fused.PackedMatmul;
import java.util.List;
import java.util.Set;

/**
 * Cases of {@link PackedMatmul}: W packed once, then multiplied by two different A, each result
 * identical to this backend's own {@code matmul} on the unpacked W (the capability's definition)
 * and within the {@code k}-term sum bound of a double-precision reference. Shapes: single elements,
 * a recurrent step ({@code [64, 128]·[128, 512]}), sizes off every panel width, a depth past a
 * k-block of 256, enough rows for a backend's wider tiles on large products (203), a width past a
 * column block of 4,096 (and so of every smaller one), and empty products; W stored both ways.
 */
final class PackedMatmulConformance {

  private PackedMatmulConformance() {}

  /** {m, n, k}. */
  static final int[][] SHAPES = {
    {1, 1, 1},
    {7, 33, 5},
    {64, 512, 128},
    {37, 129, 300},
    {203, 70, 300},
    {3, 4200, 7},
    {0, 5, 3},
    {4, 3, 0}
  };

  static void add(List<ConformanceCase> cases, Backend backend) {
    if (backend.capability(PackedMatmul.class).isEmpty()) {
      return;
    }
    for (int[] s : SHAPES) {
      for (boolean transposed : new boolean[] {false, true}) {
        String name =
            "PackedMatmul m=" + s[0] + " n=" + s[1] + " k=" + s[2] + (transposed ? " Wᵀ" : "");
        cases.add(
            new ConformanceCase(
                name,
                Kernel.MATMUL,
                "",
                Set.of(Kernel.FILL),
                ws -> check(ws, s[0], s[1], s[2], transposed)));
      }
    }
  }

  private static void check(Workspace ws, int m, int n, int k, boolean transposed) {
    PackedMatmul packed = ws.backend().capability(PackedMatmul.class).orElseThrow();
    float[] w = Inputs.uniform(31L * k + n, k * n, -2, 2);
    Storage packedW = ws.output(packed.packedSize(k, n));
    Storage wStorage = ws.input(w);
    packed.pack(wStorage, k, n, transposed, packedW);
    // writes to W after packing must not reach the packed copy
    ws.backend().fill(wStorage, 0, k * n, Float.NaN);
    Storage original = ws.input(w);
    MatmulSpec spec = new MatmulSpec(1, m, n, k, false, transposed, m * k, k * n);
    for (long seed : new long[] {1, 2}) {
      float[] a = Inputs.uniform(seed * 7919 + m, m * k, -2, 2);
      Storage as = ws.input(a);
      Storage c = ws.output(m * n);
      packed.multiply(as, m, k, n, packedW, c);
      float[] got = ws.read(c, m * n);
      Storage direct = ws.output(m * n);
      ws.backend().matmul(spec, as, original, direct);
      Expect.identical("PackedMatmul against matmul, A #" + seed, got, ws.read(direct, m * n));
      double[] expected = new double[m * n];
      ReferenceKernels.matmul(spec, Expect.toDouble(a), Expect.toDouble(w), expected);
      double[] absProducts = new double[m * n];
      ReferenceKernels.matmul(
          spec, MatmulConformance.abs(a), MatmulConformance.abs(w), absProducts);
      Expect.close("PackedMatmul, A #" + seed, got, expected, Tolerance.sum(k, absProducts));
    }
  }
}
