package dev.stratum.autoencoders.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.autoencoders.vae.CentralDifferences;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.Batch;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.optimizers.Sgd;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.TestBackends;
import dev.stratum.train.StepResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GAN's losses against their formulas, their gradients against central differences, and the
 * order of the alternating step, replayed by hand with plain SGD, on every backend.
 */
class GanStepTest {

  static List<String> backends() {
    return TestBackends.names();
  }

  static final double LEARNING_RATE = 0.5;

  /** G: Dense(2→4) → tanh → Dense(4→3) → sigmoid; D: Dense(3→4) → tanh → Dense(4→1); seed 7. */
  static Gan tiny(Backend b, long seed) {
    LayerOptions o = LayerOptions.defaults().on(b).seed(seed);
    Sequential g =
        new Sequential(
            new Dense(2, 4, o),
            new Activation.Tanh(),
            new Dense(4, 3, o),
            new Activation.Sigmoid());
    Sequential d = new Sequential(new Dense(3, 4, o), new Activation.Tanh(), new Dense(4, 1, o));
    return new Gan(new Gan.Config(List.of(3), 2, g, d, 7));
  }

  static double softplus(double v) {
    return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  /**
   * Real logits (2, −1) and fake logits (0.5, −3): L_D = ½[softplus(−2) + softplus(1)] +
   * ½[softplus(0.5) + softplus(−3)] and L_G = ½[softplus(−0.5) + softplus(3)], within 1e-6.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theLossesMatchTheirFormulas(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor real = Tensor.of(b, new float[] {2, -1}, 2, 1);
      Tensor fake = Tensor.of(b, new float[] {0.5f, -3}, 2, 1);
      double d = 0.5 * (softplus(-2) + softplus(1)) + 0.5 * (softplus(0.5) + softplus(-3));
      double g = 0.5 * (softplus(-0.5) + softplus(3));
      assertThat((double) Gan.discriminatorLoss(real, fake).item()).isCloseTo(d, within(1e-6));
      assertThat((double) Gan.generatorLoss(fake).item()).isCloseTo(g, within(1e-6));
    }
  }

  /**
   * ∂L_D/∂θ_D with the generated batch fixed, and ∂L_G/∂θ_G through the discriminator, against
   * central differences (tolerance 2e-3 + 2e-2·|numeric|); the discriminator's backward pass on
   * detached samples leaves no gradient on the generator.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void bothPlayersGradientsMatchCentralDifferences(String name) {
    Backend b = Backends.get(name);
    try (Gan gan = tiny(b, 3);
        TensorScope scope = TensorScope.open()) {
      Generator draws = new Generator(5);
      Tensor x = draws.uniform(b, 0, 1, 4, 3);
      Tensor z = draws.normal(b, 0, 1, 4, 2);
      Tensor fake = gan.generate(z).detach();
      Gan.discriminatorLoss(gan.discriminate(x), gan.discriminate(fake)).backward();
      for (Tensor p : gan.generatorParameters().values()) {
        assertThat(p.grad()).isNull();
      }
      for (Map.Entry<String, Tensor> p : gan.discriminatorParameters().entrySet()) {
        CentralDifferences.check(
            "L_D: " + p.getKey(),
            p.getValue(),
            p.getValue().grad().toArray(),
            () -> Gan.discriminatorLoss(gan.discriminate(x), gan.discriminate(fake)));
      }
      gan.parameters().values().forEach(Tensor::zeroGrad);
      Gan.generatorLoss(gan.discriminate(gan.generate(z))).backward();
      for (Map.Entry<String, Tensor> p : gan.generatorParameters().entrySet()) {
        CentralDifferences.check(
            "L_G: " + p.getKey(),
            p.getValue(),
            p.getValue().grad().toArray(),
            () -> Gan.generatorLoss(gan.discriminate(gan.generate(z))));
      }
    }
  }

  /**
   * One step of {@link GanStep} with SGD (lr 0.5 for both) equals the hand-written sequence: the
   * discriminator's update on real and detached fake samples, then the generator's update against
   * the <em>updated</em> discriminator, parameter for parameter within 1e-6. The same generator
   * update against the discriminator as it was before its step differs (by more than 1e-4), so the
   * comparison sees the order.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theGeneratorStepSeesTheUpdatedDiscriminator(String name) {
    Backend b = Backends.get(name);
    try (Gan stepped = tiny(b, 4);
        Gan updated = tiny(b, 4);
        Gan stale = tiny(b, 4);
        Sgd d = new Sgd(stepped.discriminatorParameters(), LEARNING_RATE);
        Sgd g = new Sgd(stepped.generatorParameters(), LEARNING_RATE);
        TensorScope scope = TensorScope.open()) {
      Tensor x = new Generator(6).uniform(b, 0, 1, 5, 3);
      StepResult result = stepped.step(d, g).train(new Batch(x, x));
      // the step's codes are the first draw of the GAN's generator, seeded with the config's seed
      Tensor z = new Generator(7).normal(b, 0, 1, 5, 2);

      double discriminatorLoss = discriminatorStep(updated, x, z);
      double generatorLoss = generatorStep(updated, z);
      generatorStep(stale, z); // against the discriminator before its update

      assertThat((double) result.parts().get("discriminator").item())
          .isCloseTo(discriminatorLoss, within(1e-6));
      assertThat((double) result.loss().item()).isCloseTo(generatorLoss, within(1e-6));
      assertSameParameters(stepped.parameters(), updated.parameters(), 1e-6);
      double staleDifference = 0;
      for (String key : stepped.generatorParameters().keySet()) {
        float[] s = stepped.generatorParameters().get(key).toArray();
        float[] t = stale.generatorParameters().get(key).toArray();
        for (int i = 0; i < s.length; i++) {
          staleDifference = Math.max(staleDifference, Math.abs(s[i] - t[i]));
        }
      }
      assertThat(staleDifference).isGreaterThan(1e-4);
    }
  }

  /** The discriminator's SGD step written out; returns L_D. */
  private static double discriminatorStep(Gan gan, Tensor x, Tensor z) {
    Tensor fake = gan.generate(z).detach();
    Tensor loss = Gan.discriminatorLoss(gan.discriminate(x), gan.discriminate(fake));
    loss.backward();
    sgd(gan.discriminatorParameters());
    gan.parameters().values().forEach(Tensor::zeroGrad);
    return loss.item();
  }

  /** The generator's SGD step against the discriminator as it is now; returns L_G. */
  private static double generatorStep(Gan gan, Tensor z) {
    Tensor loss = Gan.generatorLoss(gan.discriminate(gan.generate(z)));
    loss.backward();
    sgd(gan.generatorParameters());
    gan.parameters().values().forEach(Tensor::zeroGrad);
    return loss.item();
  }

  private static void sgd(Map<String, Tensor> parameters) {
    try (NoGrad off = Autograd.noGrad()) {
      for (Tensor p : parameters.values()) {
        p.copyFrom(p.sub(p.grad().mul((float) LEARNING_RATE)));
      }
    }
  }

  private static void assertSameParameters(
      Map<String, Tensor> actual, Map<String, Tensor> expected, double tolerance) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String key : expected.keySet()) {
      float[] a = actual.get(key).toArray();
      float[] e = expected.get(key).toArray();
      for (int i = 0; i < e.length; i++) {
        assertThat((double) a[i]).as("%s[%d]", key, i).isCloseTo(e[i], within(tolerance));
      }
    }
  }

  /**
   * The reported parts: loss (L_G), discriminator (L_D), and the mean probabilities d_real and
   * d_fake, each in (0, 1); in evaluation no parameter changes.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void theStepReportsBothLossesAndEvaluationChangesNothing(String name) {
    Backend b = Backends.get(name);
    try (Gan gan = tiny(b, 8);
        Sgd d = new Sgd(gan.discriminatorParameters(), 0.1);
        Sgd g = new Sgd(gan.generatorParameters(), 0.1);
        TensorScope scope = TensorScope.open()) {
      Tensor x = new Generator(9).uniform(b, 0, 1, 6, 3);
      gan.eval();
      float[] before = gan.parameters().get("generator.0.weight").toArray();
      StepResult r = gan.step(d, g).evaluate(new Batch(x, x));
      assertThat(r.parts().keySet()).containsExactly("loss", "discriminator", "d_real", "d_fake");
      assertThat(r.parts().get("d_real").item()).isBetween(0f, 1f);
      assertThat(r.parts().get("d_fake").item()).isBetween(0f, 1f);
      assertThat(gan.parameters().get("generator.0.weight").toArray()).containsExactly(before);
    }
  }
}
