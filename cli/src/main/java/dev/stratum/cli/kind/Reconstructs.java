package dev.stratum.cli.kind;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;

/**
 * A kind whose model reproduces its input: {@code stratum reconstruct} draws inputs beside their
 * reconstructions ({@link AutoencoderPictures#reconstructions}), and {@code stratum anomaly} ranks
 * images by how badly the model reproduces them ({@link #anomalyScores}).
 */
public interface Reconstructs {

  /** The reconstructions of a batch of inputs, in the same shape as the inputs. */
  default Tensor reconstruct(Layer model, Tensor inputs) {
    return model.forward(inputs);
  }

  /**
   * One score per input, {@code [batch]}, higher for inputs the model explains worse: by default
   * the mean squared error of the reconstruction per pixel.
   */
  default Tensor anomalyScores(Layer model, Tensor inputs) {
    Tensor squared = reconstruct(model, inputs).sub(inputs).square();
    return squared.reshape(squared.dim(0), -1).mean(false, 1);
  }

  /** What {@link #anomalyScores} measures, for messages and axis labels. */
  default String anomalyScore() {
    return "mean squared reconstruction error per pixel";
  }
}
