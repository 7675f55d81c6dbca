package dev.stratum.autoencoders.gan;

import dev.stratum.data.Batch;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.StepResult;
import dev.stratum.train.TrainingStep;
import java.util.Collection;
import java.util.Objects;

/**
 * One alternating step of a {@link Gan} on a batch of real samples {@code x} (the batch's inputs;
 * its targets are not used), in this order:
 *
 * <ol>
 *   <li>draw {@code z ~ N(0, I)} from the GAN's generator and compute {@code x̃ = G(z)} once;
 *   <li><b>discriminator</b>: {@code L_D = mean softplus(−d(x)) + mean softplus(d(x̃'))} with
 *       {@code x̃' = x̃.detach()}, so no gradient reaches {@code G}; zero the discriminator's
 *       gradients, back-propagate, step its optimizer;
 *   <li><b>generator</b>: {@code L_G = mean softplus(−d(x̃))}, the non-saturating loss, with {@code
 *       d} the <em>updated</em> discriminator (run again on {@code x̃}); the discriminator's
 *       parameters are frozen for this backward pass (their gradients would be thrown away), then
 *       the generator's gradients are zeroed, computed and its optimizer stepped.
 * </ol>
 *
 * <p>It reports {@code "loss"}, the generator's {@code L_G}; {@code "discriminator"}, {@code L_D};
 * {@code "d_real"} and {@code "d_fake"}, the mean probabilities {@code σ(d)} the discriminator gave
 * the real samples (before its update) and the generated ones (after it, as the generator saw
 * them). At the game's equilibrium both are ½ and {@code L_D = 2·ln 2}. Validation reports the same
 * with codes from the GAN's validation generator and nothing updated.
 */
public final class GanStep implements TrainingStep {

  private final Gan gan;
  private final Optimizer discriminatorOptimizer;
  private final Optimizer generatorOptimizer;

  /**
   * A step of {@code gan}: {@code discriminatorOptimizer} over the discriminator's parameters,
   * {@code generatorOptimizer} over the generator's.
   */
  public GanStep(Gan gan, Optimizer discriminatorOptimizer, Optimizer generatorOptimizer) {
    this.gan = Objects.requireNonNull(gan, "gan");
    this.discriminatorOptimizer =
        Objects.requireNonNull(discriminatorOptimizer, "discriminatorOptimizer");
    this.generatorOptimizer = Objects.requireNonNull(generatorOptimizer, "generatorOptimizer");
    if (discriminatorOptimizer == generatorOptimizer) {
      throw new IllegalArgumentException(
          gan + ": the discriminator and the generator need an optimizer each, got the same one");
    }
  }

  @Override
  public StepResult train(Batch batch) {
    Tensor real = batch.inputs();
    Tensor fake = gan.generate(gan.drawCodes(real.backend(), real.dim(0)));

    Tensor realLogits = gan.discriminate(real);
    Tensor discriminatorLoss = Gan.discriminatorLoss(realLogits, gan.discriminate(fake.detach()));
    discriminatorOptimizer.zeroGrad();
    discriminatorLoss.backward();
    discriminatorOptimizer.step();

    Collection<Tensor> frozen = gan.discriminatorParameters().values();
    frozen.forEach(p -> p.requiresGrad(false));
    Tensor fakeLogits;
    Tensor generatorLoss;
    try {
      fakeLogits = gan.discriminate(fake);
      generatorLoss = Gan.generatorLoss(fakeLogits);
      generatorOptimizer.zeroGrad();
      generatorLoss.backward();
    } finally {
      frozen.forEach(p -> p.requiresGrad(true));
    }
    generatorOptimizer.step();
    return parts(generatorLoss, discriminatorLoss, realLogits, fakeLogits);
  }

  @Override
  public StepResult evaluate(Batch batch) {
    Tensor real = batch.inputs();
    Tensor fake = gan.generate(gan.drawCodes(real.backend(), real.dim(0)));
    Tensor realLogits = gan.discriminate(real);
    Tensor fakeLogits = gan.discriminate(fake);
    return parts(
        Gan.generatorLoss(fakeLogits),
        Gan.discriminatorLoss(realLogits, fakeLogits),
        realLogits,
        fakeLogits);
  }

  private static StepResult parts(
      Tensor generatorLoss, Tensor discriminatorLoss, Tensor realLogits, Tensor fakeLogits) {
    return StepResult.of(
        generatorLoss,
        "discriminator",
        discriminatorLoss,
        "d_real",
        realLogits.detach().sigmoid().mean(),
        "d_fake",
        fakeLogits.detach().sigmoid().mean());
  }
}
