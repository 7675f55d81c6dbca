package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;

/**
 * {@code y[i] ← y[i] + alpha·x[i]} for {@code i < count} in one pass: the core of many optimizer
 * updates.
 *
 * <p>The product and the sum are each rounded to float, in that order (no fused multiply-add), so
 * the result equals, bit for bit, that of the backend's own core kernels
 *
 * <pre>
 * binary(MUL, {count}, x, {1}, alpha, {0}, scaled)     // alpha: a one-element storage
 * binary(ADD, {count}, y, {1}, scaled, {1}, y)
 * </pre>
 *
 * which is what {@link dev.stratum.tensor.Tensor#addScaledInPlace} runs on a backend that does not
 * offer this kernel.
 */
public interface FusedAxpy {

  /** {@code y[i] += alpha·x[i]} for {@code i < count}; {@code x} and {@code y} do not overlap. */
  void axpy(float alpha, Storage x, Storage y, int count);
}
