package dev.stratum.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.optim.ParameterGroup;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adam takes the backend's {@link FusedAdam} where it is offered, and its own composition where it
 * is not or where AMSGrad needs the moments apart; that the two give the same bits is checked on
 * every built-in backend by the cross-backend tests of the conformance module.
 */
class AdamFusionTest {

  private static final float[][] GRADIENTS = {{0.5f, -1f}, {0.25f, 2f}, {-1f, 0.5f}};

  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void plainAdamRunsFusedAdamOncePerParameterAndStep(String name) {
    AtomicInteger calls = new AtomicInteger();
    Backend counting = countingFusedAdam(Backends.get(name), calls);

    run(counting, false);

    assertThat(calls).hasValue(GRADIENTS.length);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void amsGradKeepsToItsCompositionEvenWhereFusedAdamIsOffered(String name) {
    AtomicInteger calls = new AtomicInteger();
    Backend counting = countingFusedAdam(Backends.get(name), calls);

    run(counting, true);

    assertThat(calls).hasValue(0);
  }

  private static List<float[]> run(Backend backend, boolean amsgrad) {
    return Steps.run(
        backend,
        new float[] {1f, -0.5f},
        GRADIENTS,
        p ->
            new Adam(
                List.of(new ParameterGroup(p, 0.1, 0)), 0.9, 0.999, 1e-8, amsgrad, WeightDecay.L2));
  }

  /** {@code core}, whose FusedAdam (if any) counts its calls before running. */
  private static Backend countingFusedAdam(Backend core, AtomicInteger calls) {
    FusedAdam real = core.capability(FusedAdam.class).orElseThrow();
    FusedAdam counted =
        (param, grad, m, v, count, c) -> {
          calls.incrementAndGet();
          real.adamUpdate(param, grad, m, v, count, c);
        };
    return (Backend)
        Proxy.newProxyInstance(
            Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class},
            (proxy, method, args) -> {
              if (method.getName().equals("capability")) {
                return args[0] == FusedAdam.class
                    ? Optional.of(counted)
                    : core.capability((Class<?>) args[0]);
              }
              try {
                return method.invoke(core, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
