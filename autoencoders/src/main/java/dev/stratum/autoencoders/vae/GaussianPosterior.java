package dev.stratum.autoencoders.vae;

import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The encoder's posterior {@code q(z|x) = N(μ, diag σ²)} for a batch: the means {@code μ} and the
 * log-variances {@code log σ²}, both {@code [N, k]} for a latent size {@code k}.
 *
 * <p>The log-variance (rather than σ) is what the encoder outputs, so that any real output is a
 * valid distribution and {@code σ = exp(½·log σ²)} is smooth in it.
 *
 * @param mean {@code μ}, {@code [N, k]}
 * @param logVariance {@code log σ²}, {@code [N, k]}
 */
public record GaussianPosterior(Tensor mean, Tensor logVariance) {

  /** Checks that both are {@code [N, k]} and agree. */
  public GaussianPosterior {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(logVariance, "logVariance");
    if (mean.rank() != 2 || !Arrays.equals(mean.shape(), logVariance.shape())) {
      throw new IllegalArgumentException(
          "GaussianPosterior: mean "
              + Arrays.toString(mean.shape())
              + " and log-variance "
              + Arrays.toString(logVariance.shape())
              + " must both be [batch, latent]");
    }
  }

  /** The latent size {@code k}. */
  public int latentSize() {
    return mean.dim(1);
  }

  /**
   * The reparameterised draw {@code z = μ + exp(½·log σ²) ⊙ ε} for a given {@code ε} of shape
   * {@code [N, k]}: a deterministic, differentiable function of {@code μ} and {@code log σ²}, with
   * {@code ∂z/∂μ = 1} and {@code ∂z/∂log σ² = ½·σ·ε}. Drawing {@code ε ~ N(0, I)} makes {@code z ~
   * q(z|x)}.
   */
  public Tensor sample(Tensor epsilon) {
    if (!Arrays.equals(epsilon.shape(), mean.shape())) {
      throw new IllegalArgumentException(
          "GaussianPosterior: ε has shape "
              + Arrays.toString(epsilon.shape())
              + " but the posterior is "
              + Arrays.toString(mean.shape()));
    }
    return mean.add(logVariance.mul(0.5f).exp().mul(epsilon));
  }

  /**
   * Each sample's KL divergence from the standard normal prior, in closed form:
   *
   * <pre>
   *   KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1)
   * </pre>
   *
   * summed over the {@code k} latent units: a tensor {@code [N]}, zero exactly when {@code μ = 0}
   * and {@code σ = 1}. Its gradient is {@code ∂/∂μ_j = μ_j} and {@code ∂/∂log σ_j² = ½(σ_j² − 1)}.
   * Written here from the formula rather than through {@code GaussianKlDivergence} so that the VAE
   * does not depend on that loss's argument order.
   */
  public Tensor klFromStandardNormal() {
    Tensor terms = mean.square().add(logVariance.exp()).sub(logVariance).sub(1f);
    return terms.sum(false, 1).mul(0.5f);
  }
}
