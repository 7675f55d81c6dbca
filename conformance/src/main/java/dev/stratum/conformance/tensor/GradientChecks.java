package dev.stratum.conformance.tensor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;

/** Every gradient rule against finite differences, once and twice differentiated. */
public final class GradientChecks {

  private static final long SEED = 20261122L;

  private GradientChecks() {}

  /** First derivatives of every case. */
  public static List<TensorCheck> firstOrder(Backend backend) {
    List<TensorCheck> checks = new ArrayList<>();
    for (GradientCase c : GradientCases.all(backend)) {
      checks.add(
          new TensorCheck(
              "gradient " + c.name(),
              b -> GradientCheck.firstOrder(b, c, SEED + c.name().hashCode())));
    }
    return checks;
  }

  /**
   * Hessian-vector products of every case that supports them; for max pooling, the documented
   * refusal.
   */
  public static List<TensorCheck> secondOrder(Backend backend) {
    List<TensorCheck> checks = new ArrayList<>();
    for (GradientCase c : GradientCases.all(backend)) {
      if (c.secondOrder()) {
        checks.add(
            new TensorCheck(
                "second derivative " + c.name(),
                b -> GradientCheck.secondOrder(b, c, SEED + 31L * c.name().hashCode())));
      } else {
        checks.add(
            new TensorCheck(
                "second derivative " + c.name() + " is refused clearly",
                b -> refusesSecondOrder(b, c)));
      }
    }
    return checks;
  }

  private static void refusesSecondOrder(Backend backend, GradientCase c) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.normal(backend, 1, 0f, 1f, c.shapes()[0]).requiresGrad(true);
      Tensor loss = c.function().apply(new Tensor[] {x}).square().sum();
      Tensor g = Autograd.grad(List.of(loss), List.of(x), true).get(0);
      assertThatThrownBy(() -> Autograd.grad(List.of(g.sum()), List.of(x), false))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("second derivatives through max pooling are not supported");
    }
  }
}
