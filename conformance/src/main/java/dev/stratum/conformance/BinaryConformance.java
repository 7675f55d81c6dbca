package dev.stratum.conformance;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of {@code binary} and {@code where}: every op over contiguous sizes, the broadcasting
 * corners (scalar, row, column, both sides, size-1 axes, rank mismatch as zero strides), a
 * transposed input, empty shapes, every pair of special values, and in-place updates.
 */
final class BinaryConformance {

  /** One broadcasting layout: the shapes as the user wrote them, and the strides they become. */
  record Layout(String text, int[] shape, int[] aStrides, int[] bStrides) {}

  static final List<Layout> LAYOUTS = layouts();

  private BinaryConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (BinaryOp op : BinaryOp.values()) {
      for (Layout layout : LAYOUTS) {
        cases.add(
            ConformanceCase.of(
                "binary " + op + " " + layout.text(),
                Kernel.BINARY,
                op.name(),
                ws -> binary(ws, op, layout, inputs(op, layout, 1), inputs(op, layout, 2), false)));
      }
      int s = Inputs.SPECIALS.length;
      Layout grid = new Layout("", new int[] {s, s}, new int[] {1, 0}, new int[] {0, 1});
      cases.add(
          ConformanceCase.of(
              "binary " + op + " every pair of NaN, infinities, zeros, large values",
              Kernel.BINARY,
              op.name(),
              ws -> binary(ws, op, grid, Inputs.SPECIALS, Inputs.SPECIALS, false)));
      Layout inPlace = new Layout("", new int[] {33}, new int[] {1}, new int[] {0});
      cases.add(
          ConformanceCase.of(
              "binary " + op + " in place [33] x [1]",
              Kernel.BINARY,
              op.name(),
              ws -> binary(ws, op, inPlace, inputs(op, inPlace, 3), inputs(op, inPlace, 4), true)));
    }
    for (Layout layout : LAYOUTS) {
      cases.add(
          ConformanceCase.of(
              "where " + layout.text() + " (cond broadcast like b)",
              Kernel.WHERE,
              ws -> where(ws, layout)));
    }
    return cases;
  }

  static Tolerance tolerance(BinaryOp op) {
    return switch (op) {
      case DIV -> Tolerance.fewUlps();
      case POW -> Tolerance.transcendental();
      default -> Tolerance.exact();
    };
  }

  private static List<Layout> layouts() {
    List<Layout> layouts = new ArrayList<>();
    for (int n : Inputs.SIZES) {
      layouts.add(
          new Layout("[" + n + "] x [" + n + "]", new int[] {n}, new int[] {1}, new int[] {1}));
    }
    layouts.add(new Layout("[17] x [1]", new int[] {17}, new int[] {1}, new int[] {0}));
    layouts.add(new Layout("[1] x [17]", new int[] {17}, new int[] {0}, new int[] {1}));
    layouts.add(
        new Layout("[7, 16] x [16]", new int[] {7, 16}, new int[] {16, 1}, new int[] {0, 1}));
    layouts.add(
        new Layout("[7, 16] x [7, 1]", new int[] {7, 16}, new int[] {16, 1}, new int[] {1, 0}));
    layouts.add(
        new Layout("[7, 1] x [1, 16]", new int[] {7, 16}, new int[] {1, 0}, new int[] {0, 1}));
    layouts.add(
        new Layout(
            "[1, 17, 1] x [1, 17, 1]",
            new int[] {1, 17, 1},
            new int[] {17, 1, 1},
            new int[] {17, 1, 1}));
    layouts.add(
        new Layout(
            "[3, 4, 5] x [5]", new int[] {3, 4, 5}, new int[] {20, 5, 1}, new int[] {0, 0, 1}));
    layouts.add(
        new Layout(
            "[3, 4, 5] x [4, 1]", new int[] {3, 4, 5}, new int[] {20, 5, 1}, new int[] {0, 1, 0}));
    layouts.add(
        new Layout("[16, 7]^T x [7, 16]", new int[] {7, 16}, new int[] {1, 7}, new int[] {16, 1}));
    layouts.add(new Layout("[0, 5] x [5]", new int[] {0, 5}, new int[] {5, 1}, new int[] {0, 1}));
    layouts.add(
        new Layout(
            "[3, 0, 4] x [3, 0, 4]",
            new int[] {3, 0, 4},
            new int[] {0, 4, 1},
            new int[] {0, 4, 1}));
    layouts.add(new Layout("[] x [] (rank 0)", new int[0], new int[0], new int[0]));
    return layouts;
  }

  private static float[] inputs(BinaryOp op, Layout layout, int which) {
    int[] strides = which % 2 == 1 ? layout.aStrides() : layout.bStrides();
    int size = Inputs.span(layout.shape(), strides);
    long seed = 97L * op.ordinal() + 7L * which + size;
    if (op == BinaryOp.POW) {
      return which % 2 == 1
          ? Inputs.uniform(seed, size, 0.25f, 4f)
          : Inputs.uniform(seed, size, -3f, 3f);
    }
    // whole numbers make the comparisons meet equal pairs
    return op.ordinal() >= BinaryOp.EQ.ordinal()
        ? Inputs.integers(seed, size, 4)
        : Inputs.uniform(seed, size, -4f, 4f);
  }

  private static void binary(
      Workspace ws, BinaryOp op, Layout layout, float[] a, float[] b, boolean inPlace) {
    int n = Inputs.count(layout.shape());
    Storage as = ws.input(a);
    Storage bs = ws.input(b);
    Storage out = inPlace ? as : ws.output(n);
    ws.backend().binary(op, layout.shape(), as, layout.aStrides(), bs, layout.bStrides(), out);
    double[] expected = new double[n];
    ReferenceKernels.binary(
        op,
        layout.shape(),
        Expect.toDouble(a),
        layout.aStrides(),
        Expect.toDouble(b),
        layout.bStrides(),
        expected);
    Expect.close("binary " + op, ws.read(out, n), expected, tolerance(op));
  }

  /** where with a NaN-, zero- and minus-zero-laden condition broadcast like b, a like a. */
  private static void where(Workspace ws, Layout layout) {
    int n = Inputs.count(layout.shape());
    float[] choices = {0f, -0f, 1f, Float.NaN, 2.5f, Float.NEGATIVE_INFINITY};
    float[] cond =
        Inputs.integers(n + 5, Inputs.span(layout.shape(), layout.bStrides()), choices.length);
    for (int i = 0; i < cond.length; i++) {
      cond[i] = choices[(int) cond[i]];
    }
    float[] a = Inputs.withSpecials(n + 6, Inputs.span(layout.shape(), layout.aStrides()), -3, 3);
    int[] bStrides = Inputs.contiguous(layout.shape());
    float[] b = Inputs.withSpecials(n + 7, Inputs.span(layout.shape(), bStrides), -3, 3);
    Storage out = ws.output(n);
    ws.backend()
        .where(
            layout.shape(),
            ws.input(cond),
            layout.bStrides(),
            ws.input(a),
            layout.aStrides(),
            ws.input(b),
            bStrides,
            out);
    double[] expected = new double[n];
    ReferenceKernels.where(
        layout.shape(),
        Expect.toDouble(cond),
        layout.bStrides(),
        Expect.toDouble(a),
        layout.aStrides(),
        Expect.toDouble(b),
        bStrides,
        expected);
    Expect.close("where", ws.read(out, n), expected, Tolerance.exact());
  }
}
