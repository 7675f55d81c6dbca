package dev.stratum.tensor;

import dev.stratum.backend.MatmulSpec;
import java.util.Arrays;

/**
 * The checked shape of a (batched) matrix product: matrix sizes after transposition, the broadcast
 * batch, and for each operand whether it is used as is, broadcast with a zero batch stride, or must
 * be expanded (copied) first because its batch broadcasts only partly.
 */
record MatmulPlan(MatmulSpec spec, int[] outShape, int[] leftTarget, int[] rightTarget) {

  static MatmulPlan of(Tensor a, Tensor b, boolean transA, boolean transB) {
    int[] as = a.shapeView();
    int[] bs = b.shapeView();
    if (as.length < 2 || bs.length < 2) {
      throw new IllegalArgumentException(
          "matmul: "
              + Shapes.str(as)
              + " x "
              + Shapes.str(bs)
              + ": both operands need at least 2 dimensions (reshape a vector to [1, n] or [n, 1])");
    }
    int m = transA ? as[as.length - 1] : as[as.length - 2];
    int ka = transA ? as[as.length - 2] : as[as.length - 1];
    int kb = transB ? bs[bs.length - 1] : bs[bs.length - 2];
    int n = transB ? bs[bs.length - 2] : bs[bs.length - 1];
    if (ka != kb) {
      String flags =
          transA || transB
              ? " (after transposing " + (transA ? transB ? "both" : "the left" : "the right") + ")"
              : "";
      throw new IllegalArgumentException(
          "matmul: "
              + Shapes.str(as)
              + " x "
              + Shapes.str(bs)
              + ": inner dimensions "
              + ka
              + " and "
              + kb
              + " differ"
              + flags);
    }
    int[] batchA = Arrays.copyOf(as, as.length - 2);
    int[] batchB = Arrays.copyOf(bs, bs.length - 2);
    int[] batch = Shapes.broadcast("matmul (batch dimensions)", batchA, batchB);
    int count = Shapes.size(batch);
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;

    int[] leftTarget = target(batchA, batch, as);
    int[] rightTarget = target(batchB, batch, bs);
    int aStride = Shapes.size(batchA) == 1 && count != 1 ? 0 : m * ka;
    int bStride = Shapes.size(batchB) == 1 && count != 1 ? 0 : ka * n;
    MatmulSpec spec = new MatmulSpec(count, m, n, ka, transA, transB, aStride, bStride);
    return new MatmulPlan(spec, outShape, leftTarget, rightTarget);
  }

  /**
   * The shape an operand must be expanded to, or {@code null} when it can be used as stored: its
   * batch is the whole batch, or a single matrix read with stride 0.
   */
  private static int[] target(int[] ownBatch, int[] batch, int[] shape) {
    int own = Shapes.size(ownBatch);
    if (own == 1 || own == Shapes.size(batch)) {
      return null;
    }
    int[] target = Arrays.copyOf(batch, batch.length + 2);
    target[batch.length] = shape[shape.length - 2];
    target[batch.length + 1] = shape[shape.length - 1];
    return target;
  }

  Tensor expandLeft(Tensor a) {
    return leftTarget == null ? a : a.broadcastTo(leftTarget);
  }

  Tensor expandRight(Tensor b) {
    return rightTarget == null ? b : b.broadcastTo(rightTarget);
  }
}
