/**
 * The variational autoencoder: an encoder that gives the mean {@code μ(x)} and log-variance {@code
 * log σ²(x)} of a diagonal Gaussian posterior {@code q(z|x)}, a code drawn by the
 * reparameterisation {@code z = μ + σ·ε} with {@code ε ~ N(0, I)} from the project's Philox {@link
 * dev.stratum.tensor.Generator}, and a decoder {@code p(x|z)} that is Bernoulli on logits or
 * Gaussian with a fixed or a learned variance. The loss is {@code reconstruction + β·KL} (β-VAE),
 * with the Gaussian KL in closed form ({@link dev.stratum.autoencoders.vae.GaussianPosterior}).
 *
 * <p>{@link dev.stratum.autoencoders.vae.VariationalAutoencoder} is a layer (it saves, loads and
 * rebuilds from {@code model.json}); {@link
 * dev.stratum.autoencoders.vae.VariationalAutoencoder#step} is its {@code TrainingStep}, which
 * reports {@code "reconstruction"} and {@code "kl"} beside {@code "loss"}. Sampling from the prior,
 * reconstruction, interpolation between two codes and the per-sample negative ELBO (an anomaly
 * score) are methods of the model. {@link dev.stratum.autoencoders.vae.VaeModule} registers the
 * type with Guice.
 */
package dev.stratum.autoencoders.vae;
