package dev.stratum.autoencoders.vae;

import dev.stratum.tensor.Tensor;
import dev.stratum.train.StepResult;
import java.util.Objects;

/**
 * One batch's evidence lower bound, term by term, with what it was computed from. For each sample
 * {@code n},
 *
 * <pre>
 *   ELBO_n = E_q[log p(x_n|z)] − KL(q(z|x_n) ‖ p(z))  ≈  −reconstruction_n − kl_n
 * </pre>
 *
 * with the expectation estimated by the one reparameterised draw {@link #code()}. The β-VAE loss is
 * the batch mean of {@code reconstruction_n + β·kl_n} ({@link #loss()}); with β = 1 it is the mean
 * negative ELBO.
 *
 * @param reconstruction {@code −log p(x_n|z_n)} per sample, {@code [N]}
 * @param kl {@code KL(q(z|x_n) ‖ N(0, I))} per sample, {@code [N]}
 * @param beta the weight β of the KL term in {@link #loss()}
 * @param output the decoder's output for {@code z} (logits or means, see {@link Likelihood})
 * @param posterior the encoder's {@code q(z|x)}
 * @param code the draw {@code z = μ + σ·ε}
 */
public record Elbo(
    Tensor reconstruction,
    Tensor kl,
    float beta,
    Tensor output,
    GaussianPosterior posterior,
    Tensor code) {

  /** Checks that the terms are per-sample vectors of one length. */
  public Elbo {
    Objects.requireNonNull(reconstruction, "reconstruction");
    Objects.requireNonNull(kl, "kl");
    if (reconstruction.rank() != 1
        || kl.rank() != 1
        || reconstruction.dim(0) != kl.dim(0)
        || !(beta >= 0 && Float.isFinite(beta))) {
      throw new IllegalArgumentException(
          "Elbo: reconstruction and kl must be [N] vectors of one length and β a finite number >="
              + " 0, got "
              + java.util.Arrays.toString(reconstruction.shape())
              + ", "
              + java.util.Arrays.toString(kl.shape())
              + ", β = "
              + beta);
    }
  }

  /** The loss to minimise: {@code (1/N) Σ_n (reconstruction_n + β·kl_n)}. */
  public Tensor loss() {
    return beta == 1f ? reconstruction.add(kl).mean() : reconstruction.add(kl.mul(beta)).mean();
  }

  /** {@code (1/N) Σ_n reconstruction_n}. */
  public Tensor meanReconstruction() {
    return reconstruction.mean();
  }

  /** {@code (1/N) Σ_n kl_n}. */
  public Tensor meanKl() {
    return kl.mean();
  }

  /**
   * Each sample's negative ELBO, {@code reconstruction_n + kl_n} (β does not enter), {@code [N]}.
   */
  public Tensor negativeElbo() {
    return reconstruction.add(kl);
  }

  /**
   * The parts the Trainer reports: {@code "loss"} ({@link #loss()}), {@code "reconstruction"} and
   * {@code "kl"} (their batch means), with {@code prediction} for metrics.
   */
  public StepResult toStepResult(Tensor prediction) {
    return StepResult.of(loss(), "reconstruction", meanReconstruction(), "kl", meanKl())
        .withPrediction(prediction);
  }
}
