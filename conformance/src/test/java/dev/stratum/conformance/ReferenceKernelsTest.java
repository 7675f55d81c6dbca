package dev.stratum.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.UnaryOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The oracle against values worked out by hand, so that it is not merely trusted. */
class ReferenceKernelsTest {

  @Test
  void matmulOfTwoByTwoMatchesHandProduct() {
    double[] a = {1, 2, 3, 4};
    double[] b = {5, 6, 7, 8};
    double[] c = new double[4];
    ReferenceKernels.matmul(MatmulSpec.of(2, 2, 2), a, b, c);
    assertThat(c).containsExactly(19, 22, 43, 50);

    // A stored transposed ([k, m]) and B stored transposed ([n, k]) give the same product
    ReferenceKernels.matmul(
        new MatmulSpec(1, 2, 2, 2, true, true, 4, 4),
        new double[] {1, 3, 2, 4},
        new double[] {5, 7, 6, 8},
        c);
    assertThat(c).containsExactly(19, 22, 43, 50);
  }

  @Test
  void matmulBroadcastsAZeroBatchStrideAndOverwritesC() {
    double[] c = {9, 9, 9, 9};
    ReferenceKernels.matmul(
        new MatmulSpec(2, 1, 1, 2, false, false, 0, 2),
        new double[] {1, 2},
        new double[] {3, 4, 5, 6},
        c);
    assertThat(c).startsWith(11, 17);
  }

  @Test
  void im2colOfThreeByThreeWithTwoByTwoKernelMatchesHand() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 3, 3, 2, 1, 0);
    double[] cols = new double[g.columnsSize()];
    ReferenceKernels.im2col(g, x, cols);
    assertThat(cols)
        .containsExactly(
            1, 2, 4, 5, // window offset (0, 0) at each of the 2x2 output positions
            2, 3, 5, 6, // (0, 1)
            4, 5, 7, 8, // (1, 0)
            5, 6, 8, 9); // (1, 1)
  }

  @Test
  void im2colPutsZerosOverPadding() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 3, 3, 3, 2, 1);
    double[] cols = new double[g.columnsSize()];
    ReferenceKernels.im2col(g, x, cols);
    // windows start at (-1,-1), (-1,1), (1,-1), (1,1); offset (0,0) only sees 5 in the last one
    assertThat(cols).startsWith(0, 0, 0, 5);
    // offset (1,1) lands on (0,0), (0,2), (2,0), (2,2)
    assertThat(java.util.Arrays.copyOfRange(cols, 4 * 4, 5 * 4)).containsExactly(1, 3, 7, 9);
  }

  @Test
  void col2imIsTheAdjointOfIm2col() {
    ConvolutionGeometry g = new ConvolutionGeometry(2, 3, 5, 6, 3, 2, 2, 1, 1, 1);
    SplittableRandom random = new SplittableRandom(1);
    double[] x = random.doubles(g.inputSize()).toArray();
    double[] c = random.doubles(g.columnsSize()).toArray();
    double[] im2col = new double[g.columnsSize()];
    double[] col2im = new double[g.inputSize()];
    ReferenceKernels.im2col(g, x, im2col);
    ReferenceKernels.col2im(g, c, col2im);
    assertThat(dot(im2col, c)).isCloseTo(dot(x, col2im), within(1e-12));
  }

  @Test
  void softmaxOfZeroAndLnTwoIsOneThirdAndTwoThirds() {
    double[] out = new double[2];
    ReferenceKernels.softmax(false, new double[] {0, Math.log(2)}, 1, 2, out);
    assertThat(out[0]).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(out[1]).isCloseTo(2.0 / 3, within(1e-15));
    ReferenceKernels.softmax(true, new double[] {0, Math.log(2)}, 1, 2, out);
    assertThat(out[0]).isCloseTo(Math.log(1.0 / 3), within(1e-15));
    assertThat(out[1]).isCloseTo(Math.log(2.0 / 3), within(1e-15));
  }

  @Test
  void softmaxIsStableForLargeValuesAndZeroForMinusInfinity() {
    double[] out = new double[3];
    ReferenceKernels.softmax(false, new double[] {1e4, 1e4, Double.NEGATIVE_INFINITY}, 1, 3, out);
    assertThat(out).containsExactly(0.5, 0.5, 0);
  }

  @Test
  void reduceSumsEachAxisOfATwoByThree() {
    double[] x = {1, 2, 3, 4, 5, 6};
    double[] columns = new double[3];
    ReferenceKernels.reduce(ReduceOp.SUM, x, 1, 2, 3, columns);
    assertThat(columns).containsExactly(5, 7, 9);
    double[] rows = new double[2];
    ReferenceKernels.reduce(ReduceOp.SUM, x, 2, 3, 1, rows);
    assertThat(rows).containsExactly(6, 15);
    ReferenceKernels.reduce(ReduceOp.MAX, new double[] {1, Double.NaN, 3}, 1, 3, 1, rows);
    assertThat(rows[0]).isNaN();
    ReferenceKernels.reduce(ReduceOp.SUM, new double[0], 2, 0, 1, rows);
    assertThat(rows).containsExactly(0, 0);
  }

  @Test
  void argReduceTakesTheFirstTieAndTheFirstNaN() {
    double[] out = new double[1];
    ReferenceKernels.argReduce(ReduceOp.MAX, new double[] {1, 3, 3, 2}, 1, 4, 1, out);
    assertThat(out[0]).isEqualTo(1);
    ReferenceKernels.argReduce(
        ReduceOp.MIN, new double[] {1, 0, 0, Double.NaN, Double.NaN}, 1, 5, 1, out);
    assertThat(out[0]).isEqualTo(3);
  }

  @Test
  void poolingOfTwoByTwoWindowsMatchesHand() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 4, 4, 2, 2, 0);
    double[] out = new double[4];
    ReferenceKernels.pool2d(PoolOp.MAX, g, x, out);
    assertThat(out).containsExactly(6, 8, 14, 16);
    ReferenceKernels.pool2d(PoolOp.AVG, g, x, out);
    assertThat(out).containsExactly(3.5, 5.5, 11.5, 13.5);

    // AVG counts the padding: one element of 4 in a 3x3 window
    double[] one = new double[1];
    ReferenceKernels.pool2d(
        PoolOp.AVG, ConvolutionGeometry.square(1, 1, 1, 1, 3, 1, 1), new double[] {4}, one);
    assertThat(one[0]).isEqualTo(4.0 / 9);
  }

  @Test
  void maxPoolGradientGoesToTheFirstMaximum() {
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 2, 2, 2, 1, 0);
    double[] gradIn = {9, 9, 9, 9};
    ReferenceKernels.pool2dBackward(
        PoolOp.MAX, g, new double[] {1, 5, 5, 5}, new double[] {2}, gradIn);
    assertThat(gradIn).containsExactly(0, 2, 0, 0);
    ReferenceKernels.pool2dBackward(
        PoolOp.AVG, g, new double[] {1, 5, 5, 5}, new double[] {2}, gradIn);
    assertThat(gradIn).containsExactly(0.5, 0.5, 0.5, 0.5);
  }

  @Test
  void unaryEdgeCasesFollowTheEnumJavadoc() {
    assertThat(ReferenceKernels.unary(UnaryOp.SIGMOID, 0, 0)).isEqualTo(0.5);
    assertThat(ReferenceKernels.unary(UnaryOp.SIGMOID, 0, -1000)).isEqualTo(0);
    assertThat(ReferenceKernels.unary(UnaryOp.SOFTPLUS, 0, 0))
        .isCloseTo(Math.log(2), within(1e-16));
    assertThat(ReferenceKernels.unary(UnaryOp.SOFTPLUS, 0, 1000)).isEqualTo(1000);
    assertThat(ReferenceKernels.unary(UnaryOp.ELU, 2, Double.NEGATIVE_INFINITY)).isEqualTo(-2);
    assertThat(ReferenceKernels.unary(UnaryOp.LEAKY_RELU, 0.1, -10)).isEqualTo(-1);
    assertThat(ReferenceKernels.unary(UnaryOp.SIGN, 0, -0.0)).isEqualTo(0);
    assertThat(ReferenceKernels.unary(UnaryOp.LOG, 0, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    for (UnaryOp op : UnaryOp.values()) {
      assertThat(ReferenceKernels.unary(op, 1, Double.NaN)).as(op.name()).isNaN();
    }
  }

  @Test
  void binaryEdgeCasesFollowTheEnumJavadoc() {
    assertThat(ReferenceKernels.binary(BinaryOp.POW, Double.NaN, 0)).isEqualTo(1);
    assertThat(ReferenceKernels.binary(BinaryOp.POW, -2, 3)).isEqualTo(-8);
    assertThat(ReferenceKernels.binary(BinaryOp.MAX, Double.NaN, 1)).isNaN();
    assertThat(ReferenceKernels.binary(BinaryOp.MIN, 1, Double.NaN)).isNaN();
    assertThat(ReferenceKernels.binary(BinaryOp.NE, Double.NaN, Double.NaN)).isEqualTo(1);
    assertThat(ReferenceKernels.binary(BinaryOp.EQ, Double.NaN, Double.NaN)).isEqualTo(0);
    assertThat(ReferenceKernels.binary(BinaryOp.GE, Double.NaN, 1)).isEqualTo(0);
  }

  @Test
  void whereTreatsNaNAsTrue() {
    double[] out = new double[3];
    ReferenceKernels.where(
        new int[] {3},
        new double[] {Double.NaN, 0, -0.0},
        new int[] {1},
        new double[] {1, 2, 3},
        new int[] {1},
        new double[] {7},
        new int[] {0},
        out);
    assertThat(out).containsExactly(1, 7, 7);
  }

  @Test
  void copyTransposesThroughStrides() {
    double[] dst = new double[6];
    ReferenceKernels.copy(
        new int[] {3, 2},
        new double[] {1, 2, 3, 4, 5, 6},
        0,
        new int[] {1, 3},
        dst,
        0,
        new int[] {2, 1});
    assertThat(dst).containsExactly(1, 4, 2, 5, 3, 6);
  }

  @Test
  void indexAddAccumulatesRepeatedIndices() {
    double[] selected = new double[3];
    ReferenceKernels.indexSelect(
        new double[] {10, 20, 30}, 1, 3, 1, new double[] {2, 2, 0}, 3, selected);
    assertThat(selected).containsExactly(30, 30, 10);
    double[] out = {1, 1, 1};
    ReferenceKernels.indexAdd(new double[] {1, 2, 3}, 1, 3, 1, new double[] {2, 2, 0}, out, 3);
    assertThat(out).containsExactly(4, 1, 4);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
