package dev.stratum.conformance;

import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of {@code im2col}, {@code col2im}, {@code pool2d} and {@code pool2dBackward} over stride
 * and padding combinations, a kernel as large as the input and as the padded input, 1x1 kernels,
 * empty batches, dilation, asymmetric padding (more after the input than before, as {@code 'same'}
 * padding of an even kernel gives) and ceil mode (last windows running past the end padding, where
 * AVG's divisor shrinks). Every geometry keeps a tap of every pooling window inside the input (what
 * MAX gives for a window wholly in padding is not specified).
 */
final class ConvolutionConformance {

  static final List<ConvolutionGeometry> GEOMETRIES =
      List.of(
          ConvolutionGeometry.square(1, 1, 3, 3, 3, 1, 0),
          ConvolutionGeometry.square(2, 3, 5, 5, 3, 1, 1),
          new ConvolutionGeometry(1, 2, 7, 6, 3, 2, 2, 1, 1, 0),
          ConvolutionGeometry.square(1, 1, 4, 4, 2, 2, 0),
          ConvolutionGeometry.square(2, 3, 7, 7, 2, 2, 0),
          ConvolutionGeometry.square(1, 2, 5, 6, 2, 1, 0),
          ConvolutionGeometry.square(2, 2, 5, 7, 3, 2, 1),
          ConvolutionGeometry.square(1, 1, 3, 3, 5, 1, 1),
          ConvolutionGeometry.square(1, 2, 8, 8, 1, 3, 0),
          ConvolutionGeometry.square(1, 1, 17, 33, 3, 1, 1),
          // 2x2 max pooling at stride 2 on rows of 21 windows, more than a vector of 16 lanes
          ConvolutionGeometry.square(2, 2, 6, 42, 2, 2, 0),
          ConvolutionGeometry.square(1, 1, 5, 43, 2, 2, 0),
          // and on rows of 7 and 13 windows, under a vector of 8 and of 16 lanes
          ConvolutionGeometry.square(2, 3, 14, 14, 2, 2, 0),
          ConvolutionGeometry.square(2, 2, 6, 26, 2, 2, 0),
          ConvolutionGeometry.square(1, 1, 1, 1, 1, 1, 0),
          ConvolutionGeometry.square(0, 2, 4, 4, 3, 1, 1),
          ConvolutionGeometry.square(2, 0, 4, 4, 3, 1, 1),
          ConvolutionGeometry.square(2, 2, 7, 8, 3, 1, 1).withDilation(2, 2),
          new ConvolutionGeometry(1, 2, 9, 7, 2, 3, 2, 1, 1, 2).withDilation(3, 2),
          ConvolutionGeometry.square(1, 2, 5, 6, 4, 1, 1).withEndPadding(2, 2),
          new ConvolutionGeometry(2, 1, 6, 5, 2, 4, 1, 1, 0, 1).withEndPadding(1, 2),
          ConvolutionGeometry.square(1, 2, 6, 7, 3, 2, 0).withCeilMode(true),
          ConvolutionGeometry.square(2, 1, 5, 8, 2, 2, 1).withCeilMode(true),
          new ConvolutionGeometry(1, 1, 9, 10, 3, 2, 3, 2, 1, 1)
              .withDilation(2, 1)
              .withCeilMode(true));

  private ConvolutionConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    for (ConvolutionGeometry g : GEOMETRIES) {
      String text = describe(g);
      cases.add(ConformanceCase.of("im2col " + text, Kernel.IM2COL, ws -> im2col(ws, g)));
      cases.add(ConformanceCase.of("col2im " + text, Kernel.COL2IM, ws -> col2im(ws, g)));
      for (PoolOp op : PoolOp.values()) {
        cases.add(
            ConformanceCase.of(
                "pool2d " + op + " " + text, Kernel.POOL2D, op.name(), ws -> pool(ws, op, g)));
        cases.add(
            ConformanceCase.of(
                "pool2dBackward " + op + " " + text,
                Kernel.POOL2D_BACKWARD,
                op.name(),
                ws -> poolBackward(ws, op, g)));
      }
    }
    return cases;
  }

  static String describe(ConvolutionGeometry g) {
    return "["
        + g.batch()
        + ", "
        + g.channels()
        + ", "
        + g.height()
        + ", "
        + g.width()
        + "] kernel "
        + g.kernelHeight()
        + "x"
        + g.kernelWidth()
        + " stride "
        + g.strideHeight()
        + "x"
        + g.strideWidth()
        + " pad "
        + g.padHeight()
        + "x"
        + g.padWidth()
        + (g.padBottom() == g.padHeight() && g.padRight() == g.padWidth()
            ? ""
            : " end pad " + g.padBottom() + "x" + g.padRight())
        + (g.dilationHeight() == 1 && g.dilationWidth() == 1
            ? ""
            : " dilation " + g.dilationHeight() + "x" + g.dilationWidth())
        + (g.ceilMode() ? " ceil" : "");
  }

  private static void im2col(Workspace ws, ConvolutionGeometry g) {
    float[] x = Inputs.withSpecials(g.inputSize(), g.inputSize(), -3, 3);
    Storage cols = ws.output(g.columnsSize());
    ws.backend().im2col(g, ws.input(x), cols);
    double[] expected = new double[g.columnsSize()];
    ReferenceKernels.im2col(g, Expect.toDouble(x), expected);
    Expect.close(
        "im2col (zero over padding)", ws.read(cols, g.columnsSize()), expected, Tolerance.exact());
  }

  private static void col2im(Workspace ws, ConvolutionGeometry g) {
    float[] cols = Inputs.dyadic(g.columnsSize(), g.columnsSize());
    Storage x = ws.output(g.inputSize());
    ws.backend().col2im(g, ws.input(cols), x);
    double[] expected = new double[g.inputSize()];
    ReferenceKernels.col2im(g, Expect.toDouble(cols), expected);
    Expect.close("col2im (overwrites x)", ws.read(x, g.inputSize()), expected, Tolerance.exact());
  }

  private static void pool(Workspace ws, PoolOp op, ConvolutionGeometry g) {
    // MAX: all negative, so a kernel that lets padding count as 0 picks the wrong maximum
    float[] x =
        op == PoolOp.MAX
            ? Inputs.uniform(g.inputSize(), g.inputSize(), -9, -1)
            : Inputs.uniform(g.inputSize(), g.inputSize(), -3, 3);
    Storage out = ws.output(g.pooledSize());
    ws.backend().pool2d(op, g, ws.input(x), out);
    double[] expected = new double[g.pooledSize()];
    ReferenceKernels.pool2d(op, g, Expect.toDouble(x), expected);
    Tolerance tolerance = Tolerance.exact();
    if (op == PoolOp.AVG) {
      // a sum over the window then one division; the sum bound's factor 8 covers the division
      double[] absMeans = new double[g.pooledSize()];
      ReferenceKernels.pool2d(op, g, abs(x), absMeans);
      tolerance = Tolerance.sum(g.kernelHeight() * g.kernelWidth(), absMeans);
    }
    Expect.close("pool2d " + op, ws.read(out, g.pooledSize()), expected, tolerance);
  }

  private static void poolBackward(Workspace ws, PoolOp op, ConvolutionGeometry g) {
    // whole numbers in [0, 3) for MAX: ties in nearly every window; the first maximum wins
    float[] x = Inputs.integers(g.inputSize() + 1L, g.inputSize(), 3);
    float[] gradOut = Inputs.dyadic(g.pooledSize() + 2L, g.pooledSize());
    Storage gradIn = ws.output(g.inputSize());
    ws.backend().pool2dBackward(op, g, ws.input(x), ws.input(gradOut), gradIn);
    double[] expected = new double[g.inputSize()];
    ReferenceKernels.pool2dBackward(op, g, Expect.toDouble(x), Expect.toDouble(gradOut), expected);
    Tolerance tolerance = Tolerance.exact(); // MAX sums dyadic gradients: exact in any order
    if (op == PoolOp.AVG) {
      double[] absSums = new double[g.inputSize()];
      ReferenceKernels.pool2dBackward(op, g, Expect.toDouble(x), abs(gradOut), absSums);
      tolerance = Tolerance.sum(g.kernelHeight() * g.kernelWidth(), absSums);
    }
    Expect.close(
        "pool2dBackward " + op + " (overwrites gradIn)",
        ws.read(gradIn, g.inputSize()),
        expected,
        tolerance);
  }

  private static double[] abs(float[] x) {
    double[] result = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = Math.abs(x[i]);
    }
    return result;
  }
}
