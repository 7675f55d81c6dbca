package dev.stratum.data;

import java.io.IOException;

/** A data file that cannot be read as what it claims to be: its message names the file and why. */
public class MalformedDataException extends IOException {

  public MalformedDataException(String message) {
    super(message);
  }
}
