package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;

/**
 * The tail of a dense layer in one pass: {@code out[r, c] = act(x[r, c] + bias[c])} for {@code x}
 * of shape {@code [rows, cols]} and {@code bias} of {@code [cols]}.
 *
 * <p>The result must equal, bit for bit, that of the backend's own core kernels
 *
 * <pre>
 * binary(ADD, {rows, cols}, x, {cols, 1}, bias, {0, 1}, out)
 * unary(act, alpha, out, out, rows·cols)        // only when act is not null
 * </pre>
 *
 * which is what {@link dev.stratum.tensor.Tensor#biasActivation} runs on a backend that does not
 * offer this kernel: one float addition, then the activation exactly as {@code unary} computes it.
 * A kernel that keeps each row in cache between the two steps, or applies the activation to the sum
 * while it is still in a register, satisfies this.
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
