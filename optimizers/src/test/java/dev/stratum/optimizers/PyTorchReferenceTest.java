package dev.stratum.optimizers;

import static dev.stratum.optimizers.Steps.assertTrajectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.schedule.Schedules;
import dev.stratum.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values computed by PyTorch 1.13 ({@code optimizers/src/test/python/optimizer_references.py}, in
 * float64; the output is the resource {@code pytorch-references.txt}): the one-cycle policy's rate
 * and momentum (SGD's {@code momentum}, Adam's {@code betas[0]}) before every step, and three steps
 * of each optimizer with {@code maximize=True}. Schedules are compared within 1e-12 (both sides
 * compute in double); parameters within {@code 1e-6 + 2e-6·|expected|} (float32 against float64).
 */
class PyTorchReferenceTest {

  private static final float[] THETA0 = {1f, -2f};
  private static final float[][] GRADIENTS = {{0.5f, -1f}, {0.25f, 2f}, {-0.75f, 0.5f}};
  private static final Map<String, double[]> REFERENCES = read();

  private static Map<String, double[]> read() {
    Map<String, double[]> references = new HashMap<>();
    try (InputStream in = PyTorchReferenceTest.class.getResourceAsStream("pytorch-references.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        double[] values =
            Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray();
        references.put(parts[0], values);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read pytorch-references.txt", e);
    }
    return references;
  }

  private static double[] reference(String name) {
    double[] values = REFERENCES.get(name);
    assertThat(values).as("reference '%s' in pytorch-references.txt", name).isNotNull();
    return values;
  }

  // OneCycleLR(max_lr=1, total_steps=100 and 7): the fractional peak of 7 (0.3·7 − 1 = 1.1) is
  // the corner where rounding the peak to a step would show
  @Test
  void oneCycleRateAndMomentumMatchOneCycleLr() {
    for (int total : new int[] {100, 7}) {
      Schedules.OneCycle schedule = Schedules.oneCycle(total);
      double[] lr = reference("one_cycle_lr_" + total);
      double[] momentum = reference("one_cycle_momentum_" + total);
      double[] beta1 = reference("one_cycle_beta1_" + total);
      assertThat(lr).hasSize(total);
      for (int t = 0; t < total; t++) {
        assertThat(schedule.factor(t))
            .as("lr, step %d of %d", t, total)
            .isCloseTo(lr[t], within(1e-12));
        assertThat(schedule.momentum(t))
            .as("momentum, step %d of %d", t, total)
            .isCloseTo(momentum[t], within(1e-12));
        assertThat(schedule.momentum(t)).isCloseTo(beta1[t], within(1e-12));
      }
    }
  }

  @Test
  void oneCycleSetsSgdMomentumAndAdamBeta1AsOneCycleLrDoes() {
    Backend backend = Backends.get(TestBackends.names().get(0));
    double[] momentum = reference("one_cycle_momentum_7");
    try (Tensor w = Tensor.zeros(backend, 2).requiresGrad(true);
        Sgd sgd = Sgd.builder().parameters(Map.of("w", w)).lr(1).momentum(0.9).build();
        Adam adam = Adam.builder().parameters(Map.of("w", w)).lr(1).build()) {
      Schedules.OneCycle schedule = Schedules.oneCycle(7);
      for (int t = 0; t < 7; t++) {
        schedule.apply(sgd, t);
        schedule.apply(adam, t);
        // SGD keeps γ in float32
        assertThat(sgd.momentum()).isCloseTo(momentum[t], within(1e-7));
        assertThat(adam.momentum()).isCloseTo(momentum[t], within(1e-15));
        assertThat(sgd.groups().get(0).learningRate())
            .isCloseTo(reference("one_cycle_lr_7")[t], within(1e-12));
      }
    }
  }

  private static void maximize(
      String backend, String name, Function<Map<String, Tensor>, Optimizer> make) {
    double[] flat = reference("maximize_" + name);
    float[][] expected = new float[GRADIENTS.length][THETA0.length];
    for (int s = 0; s < expected.length; s++) {
      for (int i = 0; i < THETA0.length; i++) {
        expected[s][i] = (float) flat[s * THETA0.length + i];
      }
    }
    assertTrajectory(Steps.run(Backends.get(backend), THETA0, GRADIENTS, make), expected);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void maximizeAscendsAsPyTorchDoes(String backend) {
    maximize(
        backend,
        "sgd",
        p ->
            Sgd.builder()
                .parameters(p)
                .lr(0.1)
                .momentum(0.9)
                .dampening(0.1)
                .weightDecay(0.1)
                .maximize(true)
                .build());
    maximize(
        backend,
        "adam",
        p ->
            Adam.builder()
                .parameters(p)
                .lr(0.1)
                .betas(0.8, 0.99)
                .eps(1e-8)
                .weightDecay(0.1)
                .maximize(true)
                .build());
    maximize(
        backend,
        "adamw",
        p -> AdamW.builder().parameters(p).lr(0.1).weightDecay(0.1).maximize(true).build());
    maximize(
        backend,
        "adagrad",
        p ->
            Adagrad.builder()
                .parameters(p)
                .lr(0.1)
                .lrDecay(0.01)
                .initialAccumulatorValue(0.1)
                .maximize(true)
                .build());
    maximize(
        backend,
        "rmsprop",
        p ->
            RmsProp.builder()
                .parameters(p)
                .lr(0.01)
                .momentum(0.5)
                .centered(true)
                .maximize(true)
                .build());
    maximize(
        backend,
        "adadelta",
        p -> Adadelta.builder().parameters(p).rho(0.9).eps(1e-6).maximize(true).build());
    maximize(backend, "adamax", p -> AdaMax.builder().parameters(p).maximize(true).build());
  }
}
