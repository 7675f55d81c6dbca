package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;

/**
 * The gradient through an activation in one pass, from the activation's output: {@code out[i] =
 * g[i]·act'(y[i])} for {@code y = act(z)}, where each allowed activation's derivative is a function
 * of its value. The backward pass of every activation layer and of every fused dense tail runs it;
 * its composition of core kernels is two to four kernels over the whole tensor, with a temporary
 * for each.
 *
 * <p>Each product and sum is rounded on its own, in this order, so the result equals, bit for bit,
 * that of the backend's own core kernels (with {@code s = unary(STEP, y)}, NaN for a NaN {@code y},
 * and the constants broadcast from one-element storages):
 *
 * <pre>
 * RELU        g·s
 * LEAKY_RELU  g·(s·(1 − alpha) + alpha)       1 − alpha rounded to float first
 * ELU         g·where(s, 1, y + alpha)        a NaN s counts as true
 * SIGMOID     g·(y·(−y + 1))
 * TANH        g·(−(y·y) + 1)
 * </pre>
 *
 * which is what {@link dev.stratum.tensor.Tensor#backward} runs on a backend that does not offer
 * this kernel, and what it runs anywhere while it records a graph of the gradient (so that the
 * gradient can be differentiated again). For LEAKY_RELU and ELU, {@code alpha >= 0}: then {@code y
 * > 0} exactly where {@code z > 0}.
 */
public interface FusedActivationGradient {

  /**
   * {@code out[i] = g[i]·act'(y[i])} for {@code i < count}, as the class javadoc defines it. {@code
   * act} is RELU, SIGMOID, TANH, or LEAKY_RELU or ELU with {@code alpha >= 0}. {@code out} may be
   * {@code g} (in place); otherwise it overlaps neither input. A {@code count} of 0 does nothing.
   */
  void activationGradient(UnaryOp act, float alpha, Storage y, Storage g, Storage out, int count);

  /**
   * Whether {@code act} with {@code alpha} has a derivative this kernel computes from the output:
   * RELU, SIGMOID, TANH, or LEAKY_RELU or ELU with {@code alpha >= 0}.
   */
  static boolean supports(UnaryOp act, float alpha) {
    return switch (act) {
      case RELU, SIGMOID, TANH -> true;
      case LEAKY_RELU, ELU -> alpha >= 0;
      case null, default -> false;
    };
  }

  /**
   * For implementations: throws unless {@link #supports} {@code act} with {@code alpha}.
   *
   * @throws IllegalArgumentException naming the activation and alpha
   */
  static void requireSupported(UnaryOp act, float alpha) {
    if (!supports(act, alpha)) {
      throw new IllegalArgumentException(
          "activationGradient: no derivative from the output for "
              + act
              + " with alpha "
              + alpha
              + "; use RELU, SIGMOID, TANH, or LEAKY_RELU/ELU with alpha >= 0");
    }
  }
}
