package dev.stratum.tensor;

/** Turns gradient recording off on this thread until closed; see {@link Autograd#noGrad()}. */
public final class NoGrad implements AutoCloseable {

  private final boolean previous;
  private boolean closed;

  NoGrad(boolean previous) {
    this.previous = previous;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Autograd.setRecording(previous);
    }
  }
}
