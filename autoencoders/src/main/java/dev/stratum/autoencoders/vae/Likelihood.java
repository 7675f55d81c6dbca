package dev.stratum.autoencoders.vae;

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

  /** Whether the output is a Gaussian mean (either variance). */
  public boolean isGaussian() {
    return this != BERNOULLI;
  }
}
