package dev.stratum.autoencoders.vae;

import dev.stratum.tensor.Tensor;

/**
 * The decoder's distribution {@code p(x|z)}, which fixes what the decoder's output means and the
 * reconstruction term {@code −log p(x|z)} of the loss, summed over the {@code D} elements of a
 * sample:
 *
 * <ul>
 *   <li>{@link #BERNOULLI}: the output is the logits {@code ℓ} of independent Bernoulli pixels,
 *       {@code −log p(x|z) = Σ_i softplus(ℓ_i) − ℓ_i·x_i} (the cross-entropy on logits, evaluated
 *       in the stable form of the backends' softplus), for targets in {@code [0, 1]}; the mean is
 *       {@code sigmoid(ℓ)}.
 *   <li>{@link #GAUSSIAN}: the output is the mean {@code m} of a Gaussian with a fixed variance
 *       {@code σ²}, {@code −log p(x|z) = Σ_i (x_i − m_i)² / (2σ²) + (D/2)·log(2πσ²)}.
 *   <li>{@link #GAUSSIAN_LEARNED}: the same with {@code log σ²} one trainable parameter shared by
 *       every element ({@code "logVariance"}), started at the configured variance. Per-element
 *       variances would let always-black pixels drive theirs to zero and the loss to −∞; one shared
 *       variance tends to the mean squared error, {@code σ² → (1/D)·E‖x − m‖²}.
 * </ul>
 *
 * The constant {@code (D/2)·log 2π} is kept, so that the loss is a true negative ELBO and
 * comparable across decoders.
 */
public enum Likelihood {
  BERNOULLI,
  GAUSSIAN,
  GAUSSIAN_LEARNED;

  private static final float LOG_TWO_PI = (float) Math.log(2 * Math.PI);

  /** Whether the output is a Gaussian mean (either variance). */
  public boolean isGaussian() {
    return this != BERNOULLI;
  }

  /**
   * {@code −log p(target|z)} per sample, {@code [N]}, from the decoder's {@code output} (of the
   * target's shape), by this constant's formula above.
   *
   * @param variance σ² of {@link #GAUSSIAN}
   * @param logVariance the learned {@code log σ²} ({@code [1]}) of {@link #GAUSSIAN_LEARNED}
   */
  public Tensor negativeLogLikelihood(
      Tensor output, Tensor target, double variance, Tensor logVariance) {
    int n = output.dim(0);
    int d = output.size() / n;
    Tensor terms =
        switch (this) {
          case BERNOULLI -> output.softplus().sub(output.mul(target));
          case GAUSSIAN -> output.sub(target).square().mul((float) (0.5 / variance));
          case GAUSSIAN_LEARNED -> output.sub(target).square();
        };
    Tensor perSample = terms.reshape(n, -1).sum(false, 1);
    return switch (this) {
      case BERNOULLI -> perSample;
      case GAUSSIAN -> perSample.add(0.5f * d * (LOG_TWO_PI + (float) Math.log(variance)));
      case GAUSSIAN_LEARNED ->
          perSample
              .mul(logVariance.neg().exp().mul(0.5f))
              .add(logVariance.add(LOG_TWO_PI).mul(0.5f * d));
    };
  }

  /** The mean of {@code p(x|z)} from the decoder's output: {@code sigmoid(ℓ)}, or {@code m}. */
  public Tensor mean(Tensor output) {
    return this == BERNOULLI ? output.sigmoid() : output;
  }
}
