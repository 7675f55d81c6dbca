package dev.stratum.tensor;

import java.util.Arrays;

/** Guards for in-place updates, which autograd cannot see. */
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
}
