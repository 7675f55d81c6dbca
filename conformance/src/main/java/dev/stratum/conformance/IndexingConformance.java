package dev.stratum.conformance;

import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of {@code indexSelect} and {@code indexAdd}, with repeated indices, empty counts and every
 * axis size 1. Index-add sums multiples of 1/8, which are exact in any order, so both are exact.
 */
final class IndexingConformance {

  /** outer, extent (source extent of a select, output extent of an add), inner, count. */
  private static final int[][] GEOMETRIES = {
    {1, 5, 1, 3},
    {1, 17, 7, 17},
    {3, 7, 5, 12},
    {2, 33, 1, 1},
    {1, 1, 1, 4},
    {4, 1021, 1, 7},
    {1, 4, 3, 0},
    {0, 4, 3, 2},
    {2, 4, 0, 3}
  };

  private IndexingConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (int[] g : GEOMETRIES) {
      float[] indices = Inputs.integers(g[1] * 7L + g[3], g[3], g[1]);
      if (g[3] > 2) {
        indices[g[3] - 1] = indices[0]; // always at least one repeat
      }
      String text = "outer " + g[0] + " extent " + g[1] + " inner " + g[2] + " count " + g[3];
      cases.add(
          ConformanceCase.of(
              "indexSelect " + text, Kernel.INDEX_SELECT, ws -> select(ws, g, indices)));
      cases.add(
          ConformanceCase.of("indexAdd " + text, Kernel.INDEX_ADD, ws -> add(ws, g, indices)));
    }
    int[] same = {2, 3, 4, 6};
    float[] twice = {1, 1, 1, 1, 1, 1};
    cases.add(
        ConformanceCase.of(
            "indexAdd every index the same", Kernel.INDEX_ADD, ws -> add(ws, same, twice)));
    return cases;
  }

  private static void select(Workspace ws, int[] g, float[] indices) {
    int outer = g[0];
    int extent = g[1];
    int inner = g[2];
    int count = g[3];
    float[] src = Inputs.withSpecials(5, outer * extent * inner, -3, 3);
    int n = outer * count * inner;
    Storage out = ws.output(n);
    ws.backend().indexSelect(ws.input(src), outer, extent, inner, ws.input(indices), count, out);
    double[] expected = new double[n];
    ReferenceKernels.indexSelect(
        Expect.toDouble(src), outer, extent, inner, Expect.toDouble(indices), count, expected);
    Expect.close("indexSelect", ws.read(out, n), expected, Tolerance.exact());
  }

  private static void add(Workspace ws, int[] g, float[] indices) {
    int outer = g[0];
    int extent = g[1];
    int inner = g[2];
    int count = g[3];
    float[] src = Inputs.dyadic(6, outer * count * inner);
    float[] initial = Inputs.dyadic(7, outer * extent * inner);
    Storage out = ws.input(initial);
    ws.backend().indexAdd(ws.input(src), outer, count, inner, ws.input(indices), out, extent);
    double[] expected = Expect.toDouble(initial);
    ReferenceKernels.indexAdd(
        Expect.toDouble(src), outer, count, inner, Expect.toDouble(indices), expected, extent);
    Expect.close(
        "indexAdd (out is not cleared)", ws.read(out, initial.length), expected, Tolerance.exact());
  }
}
