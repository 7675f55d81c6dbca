/**
 * Tensors and reverse-mode automatic differentiation. {@link dev.stratum.tensor.Tensor} is the
 * user-facing array type; {@link dev.stratum.tensor.Autograd} runs backward passes; {@link
 * dev.stratum.tensor.TensorScope} frees memory deterministically; {@link
 * dev.stratum.tensor.Generator} draws reproducible random tensors. Every differentiable primitive
 * and its gradient rule live together in {@code Primitives}.
 */
package dev.stratum.tensor;
