package dev.stratum.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;

/**
 * Binds the {@link Backend} for an injector: a given instance, a backend by name, or the default
 * choice of {@link Backends#get()}. Other Stratum modules ({@code LayersModule}, {@code
 * OptimizersModule}, ...) add their parts to registries through {@link Registries}. Nothing in
 * Stratum needs an injector; this is for applications that already use Guice.
 */
public final class StratumModule extends AbstractModule {

  private final Backend backend;
  private final String backendName;

  private StratumModule(Backend backend, String backendName) {
    this.backend = backend;
    this.backendName = backendName;
  }

  /** Binds the default backend ({@link Backends#get()}). */
  public static StratumModule withDefaultBackend() {
    return new StratumModule(null, null);
  }

  /** Binds the backend of this provider name ({@link Backends#get(String)}). */
  public static StratumModule withBackend(String name) {
    return new StratumModule(null, name);
  }

  /** Binds this backend instance. */
  public static StratumModule withBackend(Backend backend) {
    return new StratumModule(java.util.Objects.requireNonNull(backend, "backend"), null);
  }

  @Provides
  @Singleton
  Backend backend() {
    if (backend != null) {
      return backend;
    }
    return backendName != null ? Backends.get(backendName) : Backends.get();
  }
}
