package dev.stratum.conformance.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;

/** The behaviour of autograd itself: accumulation, detach, no-grad scopes, higher order. */
public final class AutogradChecks {

  private AutogradChecks() {}

  public static List<TensorCheck> all() {
    return List.of(
        new TensorCheck(
            "autograd: gradients accumulate over backward calls", AutogradChecks::accumulates),
        new TensorCheck(
            "autograd: a tensor used twice gets the sum of both paths",
            AutogradChecks::sharedSubexpression),
        new TensorCheck("autograd: detach cuts the graph", AutogradChecks::detachCuts),
        new TensorCheck("autograd: noGrad records nothing", AutogradChecks::noGradRecordsNothing),
        new TensorCheck(
            "autograd: grad() leaves .grad alone and zero-fills unused inputs",
            AutogradChecks::gradFunction),
        new TensorCheck(
            "autograd: exact second and third derivatives of x^3", AutogradChecks::higherOrder),
        new TensorCheck(
            "autograd: backward(gradient) is the vector-Jacobian product",
            AutogradChecks::backwardWithGradient),
        new TensorCheck(
            "autograd: setGrad replaces a leaf's gradient", AutogradChecks::setGradient),
        new TensorCheck("autograd: misuse is explained", AutogradChecks::misuse));
  }

  private static void backwardWithGradient(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 1f, 2f, 3f).requiresGrad(true);
      // y = x², backward(g) gives gᵢ·2xᵢ: (0.5·2, -1·4, 2·6)
      x.square().backward(Tensor.vector(b, 0.5f, -1f, 2f));
      assertThat(x.grad().toArray()).containsExactly(1f, -4f, 12f);
      assertThatThrownBy(() -> x.square().backward(Tensor.vector(b, 1f, 1f)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("backward: gradient shape [2] differs from output shape [3]");
      x.zeroGrad();
    }
  }

  private static void setGradient(Backend b) {
    Tensor x = Tensor.vector(b, 1f, 2f).requiresGrad(true);
    try (TensorScope scope = TensorScope.open()) {
      Tensor g = Tensor.vector(b, 0.25f, -1f);
      x.setGrad(g);
      g.close();
      // the gradient is a copy: closing the source and the scope leaves it
    }
    assertThat(x.grad().toArray()).containsExactly(0.25f, -1f);
    try (TensorScope scope = TensorScope.open()) {
      // backward adds to it: d/dx Σ 3x = 3
      x.mul(3f).sum().backward();
    }
    assertThat(x.grad().toArray()).containsExactly(3.25f, 2f);
    x.setGrad(null);
    assertThat(x.grad()).isNull();
    try (TensorScope scope = TensorScope.open()) {
      assertThatThrownBy(() -> x.setGrad(Tensor.vector(b, 1f)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("setGrad: gradient shape [1] differs from the tensor's shape [2]");
      Tensor made = x.mul(2f);
      assertThatThrownBy(() -> made.setGrad(Tensor.vector(b, 1f, 1f)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("setGrad: only a leaf that requires a gradient has one");
    }
    x.close();
  }

  private static void accumulates(Backend b) {
    Tensor x = Tensor.vector(b, 1f, 2f, 3f).requiresGrad(true);
    // each pass in its own scope, as in a training loop: .grad belongs to x, not to the scope
    try (TensorScope first = TensorScope.open()) {
      x.mul(x).sum().backward();
    }
    try (TensorScope second = TensorScope.open()) {
      x.mul(3f).sum().backward();
    }
    // d/dx (x²) + d/dx (3x) = 2x + 3
    assertThat(x.grad().toArray()).containsExactly(5f, 7f, 9f);
    x.zeroGrad();
    assertThat(x.grad()).isNull();
    x.close();
  }

  private static void sharedSubexpression(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 0.5f, -1f).requiresGrad(true);
      Tensor y = x.exp();
      // L = Σ y·y + y, dL/dx = (2y + 1)·y
      y.mul(y).add(y).sum().backward();
      float[] g = x.grad().toArray();
      for (int i = 0; i < 2; i++) {
        double e = Math.exp(i == 0 ? 0.5 : -1);
        assertThat((double) g[i])
            .isCloseTo((2 * e + 1) * e, org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  private static void detachCuts(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 2f, 3f).requiresGrad(true);
      Tensor constant = x.square().detach();
      assertThat(constant.requiresGrad()).isFalse();
      x.mul(constant).sum().backward();
      // the detached x² acts as a constant: d/dx (x·c) = c
      assertThat(x.grad().toArray()).containsExactly(4f, 9f);
    }
  }

  private static void noGradRecordsNothing(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 1f).requiresGrad(true);
      Tensor y;
      try (NoGrad off = Autograd.noGrad()) {
        y = x.mul(2f);
        assertThat(Autograd.isRecording()).isFalse();
      }
      assertThat(Autograd.isRecording()).isTrue();
      assertThat(y.requiresGrad()).isFalse();
      assertThat(y.hasGradFn()).isFalse();
    }
  }

  private static void gradFunction(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 1f, 2f).requiresGrad(true);
      Tensor unused = Tensor.vector(b, 5f).requiresGrad(true);
      List<Tensor> g = Autograd.grad(List.of(x.square().sum()), List.of(x, unused), false);
      assertThat(g.get(0).toArray()).containsExactly(2f, 4f);
      assertThat(g.get(1).toArray()).containsExactly(0f);
      assertThat(x.grad()).isNull();
      // add hands its gradient to both inputs: each result must still be its own tensor
      Tensor y = Tensor.vector(b, 3f, 4f).requiresGrad(true);
      List<Tensor> both = Autograd.grad(List.of(x.add(y).sum()), List.of(x, y, x), true);
      assertThat(both.get(0)).isNotSameAs(both.get(1)).isNotSameAs(both.get(2));
      both.get(0).close();
      assertThat(both.get(1).toArray()).containsExactly(1f, 1f);
      assertThat(both.get(2).toArray()).containsExactly(1f, 1f);
    }
  }

  private static void higherOrder(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 2f).requiresGrad(true);
      Tensor y = x.mul(x).mul(x);
      Tensor dy = Autograd.grad(List.of(y.sum()), List.of(x), true).get(0);
      Tensor d2y = Autograd.grad(List.of(dy.sum()), List.of(x), true).get(0);
      Tensor d3y = Autograd.grad(List.of(d2y.sum()), List.of(x), false).get(0);
      // 3x² = 12, 6x = 12, 6
      assertThat(dy.item()).isEqualTo(12f);
      assertThat(d2y.item()).isEqualTo(12f);
      assertThat(d3y.item()).isEqualTo(6f);
    }
  }

  private static void misuse(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, 1f, 2f).requiresGrad(true);
      Tensor y = x.mul(2f);
      assertThatThrownBy(y::backward)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "backward: the output has shape [2]; pass a gradient of that shape, or"
                  + " reduce it to one element (sum, mean) first");
      assertThatThrownBy(() -> y.requiresGrad(false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "requiresGrad: only leaf tensors can be marked; this one was" + " made by 'mul'");
      Tensor constant = Tensor.vector(b, 1f);
      assertThatThrownBy(() -> constant.sum().backward())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "backward: this tensor does not depend on any tensor that" + " requires a gradient");
      assertThatThrownBy(() -> x.addScaledInPlace(1f, x))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Autograd.noGrad()");
    }
  }
}
