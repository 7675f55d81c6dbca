package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.support.ForwardingBackend;
import java.util.Objects;
import java.util.Optional;

/**
 * Another backend as the {@link Backend} interface's defaults leave it: every core kernel is
 * forwarded, and {@link Backend#capability} keeps its default, so no fused kernel is offered. Code
 * that runs on it takes its compositions of core kernels wherever it would use a capability, which
 * lets a check compare the two paths on one device, bit for bit.
 */
public final class InterfaceDefaults extends ForwardingBackend {

  /** Forwards to {@code core}, which stays owned by the caller ({@link #close()} does nothing). */
  public InterfaceDefaults(Backend core) {
    super(core);
  }

  /** No fused kernel, whatever the delegate offers. */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Optional.empty();
  }
}
