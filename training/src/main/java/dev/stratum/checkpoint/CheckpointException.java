package dev.stratum.checkpoint;

import java.io.IOException;

/**
 * A checkpoint file that cannot be read or does not fit the model: corrupt or truncated data, an
 * unsupported dtype, a missing tensor or a shape mismatch. The message names the file and the
 * values at fault. Nothing has been changed in the model or optimizer when it is thrown.
 */
public class CheckpointException extends IOException {

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
