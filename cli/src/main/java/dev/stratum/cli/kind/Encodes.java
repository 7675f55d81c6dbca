package dev.stratum.cli.kind;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;

/**
 * A kind whose model maps each input to a code: {@code stratum encode} writes the codes, and the
 * report shows them on a plane coloured by class ({@link AutoencoderPictures#codeMap}).
 */
public interface Encodes {

  /** The codes {@code [batch, codeSize]} of a batch of inputs in the kind's input shape. */
  Tensor encode(Layer model, Tensor inputs);

  /** The number of values in one code. */
  int codeSize(ModelSettings settings);
}
