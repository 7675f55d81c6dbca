package dev.stratum.backend.fused;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  private static final FusedAxpy AXPY = (alpha, x, y, count) -> {};
  private static final FusedAdam ADAM = (param, grad, m, v, count, c) -> {};

  @Test
  void findsWhatIsOfferedAndNothingElse() {
    Capabilities offered = Capabilities.none().with(FusedAxpy.class, AXPY);

    assertThat(offered.find(FusedAxpy.class)).containsSame(AXPY);
    assertThat(offered.find(FusedAdam.class)).isEmpty();
    assertThat(Capabilities.none().find(FusedAxpy.class)).isEmpty();
  }

  @Test
  void withLeavesTheOriginalUnchanged() {
    Capabilities one = Capabilities.none().with(FusedAxpy.class, AXPY);
    Capabilities two = one.with(FusedAdam.class, ADAM);

    assertThat(one.find(FusedAdam.class)).isEmpty();
    assertThat(two.find(FusedAdam.class)).containsSame(ADAM);
    assertThat(two.find(FusedAxpy.class)).containsSame(AXPY);
    assertThat(two).hasToString("[FusedAdam, FusedAxpy]");
  }

  @Test
  void aTypeOfferedTwiceIsRefusedByName() {
    Capabilities once = Capabilities.none().with(FusedAxpy.class, AXPY);

    assertThatThrownBy(() -> once.with(FusedAxpy.class, AXPY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capability FusedAxpy is offered twice; offer each type once");
  }

  @Test
  void aCapabilityMustBeAnInterface() {
    assertThatThrownBy(() -> Capabilities.none().with(String.class, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a capability is an interface, such as FusedAdam; got the class java.lang.String");
  }

  @Test
  void aBackendOffersNothingByDefault() {
    InvocationHandler defaultsOnly =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new UnsupportedOperationException(method.getName());
        };
    Backend bare =
        (Backend)
            Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, defaultsOnly);

    assertThat(bare.capability(FusedAdam.class)).isEmpty();
    assertThat(bare.capability(FusedBiasActivation.class)).isEmpty();
    assertThatThrownBy(() -> bare.capability(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
  }

  // PyTorch's defaults at step 1: 1 − β₁ is the float nearest 0.1, not 1 − 0.9f = 0.100000024;
  // stepSize = 1e-3 / (1 − 0.9) = 0.01; vScale = 1 / √(1 − 0.999) = 31.6227766
  @Test
  void coefficientsRoundEachValueFromDoubleOnce() {
    FusedAdam.Coefficients c = FusedAdam.Coefficients.forStep(0.9, 0.999, 1e-8, 1e-3, 1);

    assertThat(c.beta1()).isEqualTo(0.9f);
    assertThat(c.oneMinusBeta1()).isEqualTo(0.1f).isNotEqualTo(1 - 0.9f);
    assertThat(c.beta2()).isEqualTo(0.999f);
    assertThat(c.oneMinusBeta2()).isEqualTo((float) (1 - 0.999));
    assertThat(c.stepSize()).isEqualTo(0.01f);
    assertThat(c.vScale()).isEqualTo(31.622776f);
    assertThat(c.epsilon()).isEqualTo(1e-8f);
  }

  @Test
  void coefficientsRefuseAStepBeforeTheFirstAndBetasOutOfRange() {
    assertThatThrownBy(() -> FusedAdam.Coefficients.forStep(0.9, 0.999, 1e-8, 1e-3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Adam coefficients: step counts from 1, got 0");
    assertThatThrownBy(() -> FusedAdam.Coefficients.forStep(1.0, 0.999, 1e-8, 1e-3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Adam coefficients: beta1 and beta2 must be in [0, 1), got 1.0 and 0.999");
  }
}
