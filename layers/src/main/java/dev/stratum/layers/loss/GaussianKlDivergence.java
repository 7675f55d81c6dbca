package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * Closed-form KL divergence between diagonal Gaussians given by means and log-variances, summed per
 * sample over every axis but the batch; {@code MEAN} averages over the batch.
 *
 * <p>As a {@link dev.stratum.nn.Loss}, {@code compute(mu, logVar)} is the VAE's term {@code KL(N(μ,
 * σ²) ‖ N(0, 1)) = -½ Σ (1 + log σ² - μ² - σ²)}: the "prediction" is the mean and the "target" the
 * log-variance, both {@code [N, latent]}. {@link #compute(Tensor, Tensor, Tensor, Tensor)} gives
 * the general {@code KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ½ Σ (log σ₂² - log σ₁² + (σ₁² + (μ₁ - μ₂)²) /
 * σ₂² - 1)}.
 */
public final class GaussianKlDivergence extends ReducingLoss {

  /** The mean over the batch. */
  public GaussianKlDivergence() {
    this(Reduction.MEAN);
  }

  public GaussianKlDivergence(Reduction reduction) {
    super("gaussian_kl_divergence", reduction);
  }

  @Override
  protected void validate(Tensor mu, Tensor logVar) {
    check("mean", mu, "log-variance", logVar);
  }

  private void check(String firstRole, Tensor first, String secondRole, Tensor second) {
    LossChecks.rankAtLeast(name(), firstRole, first, 2, "[N, ...]");
    if (!java.util.Arrays.equals(first.shape(), second.shape())) {
      throw new IllegalArgumentException(
          name()
              + ": "
              + firstRole
              + " "
              + LossChecks.str(first)
              + " and "
              + secondRole
              + " "
              + LossChecks.str(second)
              + " must have the same shape");
    }
  }

  @Override
  protected Tensor terms(Tensor mu, Tensor logVar) {
    Tensor inner = logVar.add(1f).sub(mu.square()).sub(logVar.exp());
    return sumPerSample(inner).mul(-0.5f);
  }

  /** {@code KL(N(mu1, exp(logVar1)) ‖ N(mu2, exp(logVar2)))}, reduced like this loss. */
  public Tensor compute(Tensor mu1, Tensor logVar1, Tensor mu2, Tensor logVar2) {
    Objects.requireNonNull(mu1, name() + ": mu1");
    Objects.requireNonNull(logVar1, name() + ": logVar1");
    Objects.requireNonNull(mu2, name() + ": mu2");
    Objects.requireNonNull(logVar2, name() + ": logVar2");
    check("mean 1", mu1, "log-variance 1", logVar1);
    check("mean 1", mu1, "mean 2", mu2);
    check("mean 1", mu1, "log-variance 2", logVar2);
    return reduced(
        () -> {
          Tensor spread = logVar1.exp().add(mu1.sub(mu2).square()).mul(logVar2.neg().exp());
          Tensor inner = logVar2.sub(logVar1).add(spread).sub(1f);
          return sumPerSample(inner).mul(0.5f);
        },
        mu1,
        logVar1,
        mu2,
        logVar2);
  }
}
