package dev.stratum.cli.kind;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;

/**
 * A kind whose model reproduces its input: {@code stratum reconstruct} draws inputs beside their
 * reconstructions ({@link AutoencoderPictures#reconstructions}).
 */
public interface Reconstructs {

  /** The reconstructions of a batch of inputs, in the same shape as the inputs. */
  default Tensor reconstruct(Layer model, Tensor inputs) {
    return model.forward(inputs);
  }
}
