package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;

/**
 * The tail of a dense layer in one pass: {@code out[r, c] = act(x[r, c] + bias[c])} for {@code x}
 * of shape {@code [rows, cols]} and {@code bias} of {@code [cols]}.
 *
 * <p>Defined by the backend's own core kernels
 *
 * <pre>
 * binary(ADD, {rows, cols}, x, {cols, 1}, bias, {0, 1}, out)
 * unary(act, alpha, out, out, rows·cols)        // only when act is not null
 * </pre>
 *
 * which is what {@link dev.stratum.tensor.Tensor#biasActivation} runs on a backend that does not
 * offer this kernel. The sum is one float addition, so it is always the same bits. So is the result
 * for the activations {@code unary} computes exactly (none, RELU, LEAKY_RELU). For ELU, SIGMOID and
 * TANH the result agrees with the composition within {@code unary}'s own tolerance for the op, not
 * necessarily bit for bit: a vectorised {@code unary} may give an element its SIMD form or its
 * scalar-tail form by where the element falls in the call, and a kernel that works row by row (to
 * keep each row in cache) places elements differently from one call over the whole matrix.
 */
public interface FusedBiasActivation {

  /**
   * {@code out[r, c] = act(x[r, c] + bias[c])}. {@code act} is {@code null} (no activation) or an
   * activation {@code Tensor.biasActivation} accepts (RELU, SIGMOID, TANH, and LEAKY_RELU or ELU
   * with {@code alpha >= 0}); {@code alpha} is its argument as {@link UnaryOp} defines it. {@code
   * out} may be {@code x} (in place); otherwise it overlaps neither input. A {@code rows} or {@code
   * cols} of 0 does nothing.
   */
  void biasActivation(
      UnaryOp act, float alpha, Storage x, Storage bias, int rows, int cols, Storage out);
}
