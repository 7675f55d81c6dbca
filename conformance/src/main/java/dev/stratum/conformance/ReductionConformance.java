package dev.stratum.conformance;

import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of {@code reduce}, {@code argReduce} and {@code softmax}: every size, the middle axis at
 * each position of a rank-3 shape (outer and inner 1 and more), empty extents, ties, NaN and
 * infinities, and softmax rows of ±1e4 and of -inf entries.
 */
final class ReductionConformance {

  /** {@code [outer, extent, inner]} and how the case is called. */
  record Geometry(String text, int outer, int extent, int inner) {}

  private ReductionConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    List<Geometry> geometries = geometries();
    for (ReduceOp op : ReduceOp.values()) {
      for (Geometry g : geometries) {
        if (g.extent() == 0 && op != ReduceOp.SUM) {
          continue; // MAX and MIN need a non-empty extent (ReduceOp)
        }
        cases.add(
            ConformanceCase.of(
                "reduce " + op + " " + g.text(),
                Kernel.REDUCE,
                op.name(),
                ws ->
                    reduce(
                        ws,
                        op,
                        g,
                        Inputs.uniform(g.outer() + 3L * g.extent() + g.inner(), size(g), -4, 4))));
        if (g.extent() > 0 && op != ReduceOp.SUM) {
          cases.add(
              ConformanceCase.of(
                  "argReduce " + op + " ties " + g.text(),
                  Kernel.ARG_REDUCE,
                  op.name(),
                  ws -> argReduce(ws, op, g, Inputs.integers(size(g), size(g), 4))));
        }
      }
      Geometry special = new Geometry("[6, 13, 2]", 6, 13, 2);
      cases.add(
          ConformanceCase.of(
              "reduce " + op + " NaN and infinities " + special.text(),
              Kernel.REDUCE,
              op.name(),
              ws -> reduce(ws, op, special, Inputs.withSpecials(11, size(special), -4, 4))));
      if (op != ReduceOp.SUM) {
        cases.add(
            ConformanceCase.of(
                "argReduce " + op + " NaN and infinities " + special.text(),
                Kernel.ARG_REDUCE,
                op.name(),
                ws -> argReduce(ws, op, special, Inputs.withSpecials(12, size(special), -4, 4))));
        float[] flat = {3, 3, 3, 3, 3};
        cases.add(
            ConformanceCase.of(
                "argReduce " + op + " all equal [1, 5, 1]",
                Kernel.ARG_REDUCE,
                op.name(),
                ws -> argReduce(ws, op, new Geometry("", 1, 5, 1), flat)));
      }
    }
    for (boolean log : new boolean[] {false, true}) {
      String name = log ? "logSoftmax " : "softmax ";
      String variant = log ? "log" : "";
      for (int[] rc :
          new int[][] {{1, 1}, {1, 7}, {3, 16}, {5, 17}, {2, 33}, {2, 1021}, {0, 5}, {3, 0}}) {
        cases.add(
            ConformanceCase.of(
                name + Inputs.shape(rc),
                Kernel.SOFTMAX,
                variant,
                ws ->
                    softmax(
                        ws,
                        log,
                        rc[0],
                        rc[1],
                        Inputs.uniform(rc[0] * 100L + rc[1], rc[0] * rc[1], -8, 8))));
      }
      cases.add(
          ConformanceCase.of(
              name + "values near ±1e4",
              Kernel.SOFTMAX,
              variant,
              ws -> softmax(ws, log, 3, 17, large())));
      cases.add(
          ConformanceCase.of(
              name + "rows with -inf entries",
              Kernel.SOFTMAX,
              variant,
              ws -> softmax(ws, log, 3, 7, negativeInfinities())));
      cases.add(
          ConformanceCase.of(
              name + "a NaN makes its row NaN",
              Kernel.SOFTMAX,
              variant,
              ws -> softmax(ws, log, 2, 5, withNan())));
    }
    return cases;
  }

  private static List<Geometry> geometries() {
    List<Geometry> list = new ArrayList<>();
    for (int n : new int[] {1, 7, 16, 17, 33, 1021}) {
      list.add(new Geometry("[1, " + n + ", 1]", 1, n, 1));
    }
    list.add(new Geometry("[3, 17, 1]", 3, 17, 1));
    list.add(new Geometry("[1, 17, 5]", 1, 17, 5));
    list.add(new Geometry("[2, 1021, 2]", 2, 1021, 2));
    int[][] shapes = {{3, 7, 5}, {2, 17, 33}};
    for (int[] s : shapes) {
      String text = Inputs.shape(s);
      list.add(new Geometry(text + " axis 0", 1, s[0], s[1] * s[2]));
      list.add(new Geometry(text + " axis 1", s[0], s[1], s[2]));
      list.add(new Geometry(text + " axis 2", s[0] * s[1], s[2], 1));
    }
    list.add(new Geometry("[0, 5, 3] (no outer)", 0, 5, 3));
    list.add(new Geometry("[3, 5, 0] (no inner)", 3, 5, 0));
    list.add(new Geometry("[4, 0, 3] (empty extent)", 4, 0, 3));
    return list;
  }

  private static int size(Geometry g) {
    return g.outer() * g.extent() * g.inner();
  }

  private static void reduce(Workspace ws, ReduceOp op, Geometry g, float[] x) {
    int n = g.outer() * g.inner();
    Storage out = ws.output(n);
    ws.backend().reduce(op, ws.input(x), g.outer(), g.extent(), g.inner(), out);
    double[] expected = new double[n];
    ReferenceKernels.reduce(op, Expect.toDouble(x), g.outer(), g.extent(), g.inner(), expected);
    Tolerance tolerance = Tolerance.exact();
    if (op == ReduceOp.SUM) {
      double[] absSums = new double[n];
      ReferenceKernels.reduce(op, abs(x), g.outer(), g.extent(), g.inner(), absSums);
      tolerance = Tolerance.sum(g.extent(), absSums);
    }
    Expect.close("reduce " + op, ws.read(out, n), expected, tolerance);
  }

  private static void argReduce(Workspace ws, ReduceOp op, Geometry g, float[] x) {
    int n = g.outer() * g.inner();
    Storage out = ws.output(n);
    ws.backend().argReduce(op, ws.input(x), g.outer(), g.extent(), g.inner(), out);
    double[] expected = new double[n];
    ReferenceKernels.argReduce(op, Expect.toDouble(x), g.outer(), g.extent(), g.inner(), expected);
    Expect.close(
        "argReduce " + op + " (first index wins ties; first NaN wins)",
        ws.read(out, n),
        expected,
        Tolerance.exact());
  }

  private static void softmax(Workspace ws, boolean log, int rows, int cols, float[] x) {
    int n = rows * cols;
    Storage out = ws.output(n);
    ws.backend().softmax(log, ws.input(x), rows, cols, out);
    double[] expected = new double[n];
    ReferenceKernels.softmax(log, Expect.toDouble(x), rows, cols, expected);
    double[] shift = new double[n];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, x[r * cols + c]);
      }
      for (int c = 0; c < cols; c++) {
        double d = Math.abs(x[r * cols + c] - max);
        shift[r * cols + c] = Double.isFinite(d) ? d : 0;
      }
    }
    Expect.close(
        log ? "logSoftmax" : "softmax",
        ws.read(out, n),
        expected,
        Tolerance.softmax(log, cols, shift));
  }

  private static double[] abs(float[] x) {
    double[] result = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = Math.abs(x[i]);
    }
    return result;
  }

  private static float[] large() {
    float[] x = Inputs.uniform(21, 3 * 17, -5, 5);
    for (int c = 0; c < 17; c++) {
      x[c] += 1e4f;
      x[17 + c] -= 1e4f;
      x[34 + c] = c % 2 == 0 ? 1e4f + x[34 + c] : -1e4f;
    }
    return x;
  }

  private static float[] negativeInfinities() {
    float[] x = Inputs.uniform(22, 21, -3, 3);
    x[0] = Float.NEGATIVE_INFINITY;
    x[6] = Float.NEGATIVE_INFINITY;
    for (int c = 7; c < 13; c++) {
      x[c] = Float.NEGATIVE_INFINITY; // all but one entry of the row
    }
    x[15] = Float.NEGATIVE_INFINITY;
    return x;
  }

  private static float[] withNan() {
    float[] x = Inputs.uniform(23, 10, -3, 3);
    x[2] = Float.NaN;
    return x;
  }
}
