package dev.stratum.autoencoders;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;

/**
 * Shape checks for a model built from the user's own networks (the variational autoencoder, the
 * GAN, a model of one's own): each failure is an {@link IllegalArgumentException} that names the
 * model, the network and the shapes, raised when the model is built or called rather than deep
 * inside a kernel.
 */
public final class ModelShapes {

  private ModelShapes() {}

  /** {@code [1, sample…]}: one sample with its batch axis. */
  public static int[] one(int[] sample) {
    int[] one = new int[sample.length + 1];
    one[0] = 1;
    System.arraycopy(sample, 0, one, 1, sample.length);
    return one;
  }

  /**
   * {@code network.outputShape(input)}; where the network refuses the input, an exception saying
   * "{@code model: the role does not accept what: }" and the network's own message.
   */
  public static int[] outputOf(
      Object model, String role, String what, Layer network, int... input) {
    try {
      return network.outputShape(input);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          model + ": the " + role + " does not accept " + what + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code shape} is {@code [batch, sample…]}. */
  public static boolean fits(int[] shape, int[] sample) {
    return shape.length == sample.length + 1
        && Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), sample);
  }

  /**
   * Checks that {@code t} is a batch of samples of shape {@code sample}, else throws "{@code model:
   * the what has shape [..], expected [batch, ..]}".
   */
  public static void checkBatch(Object model, String what, Tensor t, int[] sample) {
    if (!fits(t.shape(), sample)) {
      throw new IllegalArgumentException(
          model
              + ": the "
              + what
              + " has shape "
              + Arrays.toString(t.shape())
              + ", expected "
              + batchOf(sample));
    }
  }

  /** {@code [batch, 28, 28]} for a sample of {@code [28, 28]}. */
  public static String batchOf(int[] sample) {
    String s = Arrays.toString(sample);
    return "[batch, " + s.substring(1);
  }
}
