package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.ReduceOp;

/** Multi-axis reductions as sequences of the one-axis kernel, and the composite statistics. */
final class Reductions {

  private Reductions() {}

  /**
   * Reduces {@code x} over the sorted {@code axes} into a new tensor of {@code outShape} (not
   * recorded; {@link Primitives#reduce} records). Runs of adjacent axes are merged into one kernel
   * call, so a full reduction is a single call.
   */
  static Tensor reduceAxes(ReduceOp op, Tensor x, int[] axes, int[] outShape) {
    Backend backend = x.backend();
    int[] shape = x.shape();
    if (axes.length == 0) {
      Tensor y = Tensor.empty(backend, outShape);
      int[] strides = {1};
      backend.copy(new int[] {x.size()}, x.storage(), 0, strides, y.storage(), 0, strides);
      return y;
    }
    Tensor current = null;
    int end = axes.length;
    while (end > 0) {
      // the run axes[start..end) is contiguous: axes[i+1] == axes[i] + 1
      int start = end - 1;
      while (start > 0 && axes[start - 1] == axes[start] - 1) {
        start--;
      }
      int first = axes[start];
      int last = axes[end - 1];
      int outer = Shapes.product(shape, 0, first);
      int extent = Shapes.product(shape, first, last + 1);
      int inner = Shapes.product(shape, last + 1, shape.length);
      for (int a = first; a <= last; a++) {
        shape[a] = 1;
      }
      boolean lastRun = start == 0;
      Tensor next = Tensor.empty(backend, lastRun ? outShape : shape.clone());
      Tensor source = current == null ? x : current;
      backend.reduce(op, source.storage(), outer, extent, inner, next.storage());
      if (current != null) {
        current.close();
      }
      current = next;
      end = start;
    }
    return current;
  }

  static int[] dropAxes(int[] shape, int[] axes) {
    int[] out = new int[shape.length - axes.length];
    int n = 0;
    int k = 0;
    for (int i = 0; i < shape.length; i++) {
      if (k < axes.length && axes[k] == i) {
        k++;
      } else {
        out[n++] = shape[i];
      }
    }
    return out;
  }

  static Tensor mean(Tensor x, int[] requestedAxes, boolean keepDims) {
    int[] axes = Shapes.axes("mean", requestedAxes, x.rank());
    int count = 1;
    for (int a : axes) {
      count *= x.dim(a);
    }
    if (count == 0) {
      throw new IllegalArgumentException(
          "mean: the reduced axes of shape "
              + Shapes.str(x.shapeView())
              + " hold no elements; the mean of nothing is undefined");
    }
    float scale = 1f / count;
    return TensorScope.composite(() -> x.sum(keepDims, axes).mul(scale));
  }

  static Tensor variance(Tensor x, int[] requestedAxes, int correction, boolean keepDims) {
    int[] axes = Shapes.axes("variance", requestedAxes, x.rank());
    int count = 1;
    for (int a : axes) {
      count *= x.dim(a);
    }
    if (correction < 0 || count - correction <= 0) {
      throw new IllegalArgumentException(
          "variance: "
              + count
              + " elements with correction "
              + correction
              + " leave no degrees of freedom (need elements > correction >= 0)");
    }
    float scale = 1f / (count - correction);
    return TensorScope.composite(
        () -> x.sub(mean(x, axes, true)).square().sum(keepDims, axes).mul(scale));
  }
}
