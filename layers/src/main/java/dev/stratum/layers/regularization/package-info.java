/**
 * Regularisers and constraints: {@link dev.stratum.layers.regularization.WeightPenalty} (L1 and L2
 * penalties on parameters), {@link dev.stratum.layers.regularization.MaxNorm} (a constraint applied
 * after each optimizer step) and {@link dev.stratum.layers.regularization.ActivityRegularization}
 * (a penalty on a layer's output, such as the KL sparsity of sparse autoencoders). Penalties are
 * {@link dev.stratum.layers.regularization.Penalty}, a {@code Function<Layer, Tensor>} that the
 * training loop adds to the loss.
 */
package dev.stratum.layers.regularization;
