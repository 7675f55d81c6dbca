package dev.stratum.layers.activation;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;

/**
 * A layer that can run the activation after it inside its own last kernel, as {@link
 * dev.stratum.layers.Dense} runs one inside its bias addition. {@link
 * dev.stratum.layers.Sequential} hands such a layer the activation that follows it whenever {@link
 * #absorbs} says yes, and then skips that activation; the values are those of running the two apart
 * (bit for bit for the exact activations, within the activation kernel's own tolerance for the
 * others, see {@link dev.stratum.backend.fused.FusedBiasActivation}).
 */
public interface AbsorbsActivation extends Layer {

  /** Whether {@link #forward(Tensor, Activation)} can take {@code activation} into this layer. */
  boolean absorbs(Activation activation);

  /**
   * {@code activation.forward(forward(input))}, with the activation run inside this layer where
   * that is possible; {@code null} means no activation.
   */
  Tensor forward(Tensor input, Activation activation);
}
