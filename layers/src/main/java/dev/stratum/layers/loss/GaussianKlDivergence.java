package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import java.util.Objects;

/**
 * Closed-form KL divergence between diagonal Gaussians, summed per sample over every axis but the
 * batch; {@code MEAN} averages over the batch. Call it by what its arguments are:
 *
 * <ul>
 *   <li>{@link #fromLogVariance(Tensor, Tensor)}: the VAE's term {@code KL(N(μ, σ²) ‖ N(0, 1)) = -½
 *       Σ (1 + log σ² - μ² - σ²)} from means and log-variances, both {@code [N, latent]};
 *   <li>{@link #fromStandardDeviation(Tensor, Tensor)}: the same from means and standard deviations
 *       σ > 0, {@code -½ Σ (1 + 2·log σ - μ² - σ²)};
 *   <li>{@link #between(Tensor, Tensor, Tensor, Tensor)}: the general {@code KL(N(μ₁, σ₁²) ‖ N(μ₂,
 *       σ₂²)) = ½ Σ (log σ₂² - log σ₁² + (σ₁² + (μ₁ - μ₂)²) / σ₂² - 1)} from log-variances.
 * </ul>
 *
 * <p>As a {@link dev.stratum.nn.Loss} (for a configuration or a {@code Trainer}), {@code compute(a,
 * b)} is {@link #fromLogVariance}: {@code a} is the mean and {@code b} the log-variance, not a
 * prediction and a target. PyTorch has no such loss class ({@code
 * torch.distributions.kl_divergence} of two {@code Normal}s takes standard deviations); Keras's VAE
 * example writes the log-variance form.
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

  /** {@code KL(N(mean, exp(logVariance)) ‖ N(0, 1))}, reduced like this loss. */
  public Tensor fromLogVariance(Tensor mean, Tensor logVariance) {
    return compute(mean, logVariance);
  }

  /**
   * {@code KL(N(mean, std²) ‖ N(0, 1))} from standard deviations (all positive; a zero gives
   * infinity), reduced like this loss.
   */
  public Tensor fromStandardDeviation(Tensor mean, Tensor std) {
    Objects.requireNonNull(mean, name() + ": mean");
    Objects.requireNonNull(std, name() + ": standard deviation");
    check("mean", mean, "standard deviation", std);
    return reduced(
        () -> {
          Tensor inner = std.log().mul(2f).add(1f).sub(mean.square()).sub(std.square());
          return sumPerSample(inner).mul(-0.5f);
        },
        mean,
        std);
  }

  /** As {@link #between}. */
  public Tensor compute(Tensor mu1, Tensor logVar1, Tensor mu2, Tensor logVar2) {
    return between(mu1, logVar1, mu2, logVar2);
  }

  /** {@code KL(N(mu1, exp(logVar1)) ‖ N(mu2, exp(logVar2)))}, reduced like this loss. */
  public Tensor between(Tensor mu1, Tensor logVar1, Tensor mu2, Tensor logVar2) {
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
