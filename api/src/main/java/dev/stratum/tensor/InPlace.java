package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.fused.FusedAxpy;
import java.util.Arrays;
import java.util.Optional;

/** Guards for in-place updates, which autograd cannot see, and the axpy they share. */
final class InPlace {

  private InPlace() {}

  static void check(String op, Tensor target, Tensor source) {
    Primitives.sameBackend(op, target, source);
    if (!Arrays.equals(target.shapeView(), source.shapeView())) {
      throw new IllegalArgumentException(
          op
              + ": shapes "
              + Shapes.str(target.shapeView())
              + " and "
              + Shapes.str(source.shapeView())
              + " must be equal");
    }
    if (Autograd.isRecording() && (target.requiresGrad || target.gradFn != null)) {
      throw new IllegalStateException(
          op
              + ": in-place update of a tensor that takes part in autograd; run it inside"
              + " try (var g = Autograd.noGrad()) { ... }");
    }
  }

  /**
   * {@code y += alpha·x}: the backend's {@link FusedAxpy} where it offers one, else the composition
   * of core kernels that {@link FusedAxpy} defines, with the same bits.
   */
  static void addScaled(Backend backend, float alpha, Storage x, Storage y, int count) {
    Optional<FusedAxpy> fused = backend.capability(FusedAxpy.class);
    if (fused.isPresent()) {
      fused.get().axpy(alpha, x, y, count);
      return;
    }
    Storage scalar = backend.allocate(1);
    Storage scaled = backend.allocate(count);
    try {
      backend.fill(scalar, 0, 1, alpha);
      int[] shape = {count};
      backend.binary(BinaryOp.MUL, shape, x, new int[] {1}, scalar, new int[] {0}, scaled);
      backend.binary(BinaryOp.ADD, shape, y, new int[] {1}, scaled, new int[] {1}, y);
    } finally {
      backend.release(scaled);
      backend.release(scalar);
    }
  }
}
