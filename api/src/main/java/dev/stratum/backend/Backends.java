package dev.stratum.backend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point for choosing a backend. {@link #get()} returns the default backend: the one
 * named by the system property {@code stratum.backend}, else by the environment variable {@code
 * STRATUM_BACKEND}, else the available provider with the highest priority. When several are
 * available, the choice and how to change it are logged once at INFO level. When none can be used,
 * the exception lists every provider found and why each is unavailable.
 */
public final class Backends {

  private static final System.Logger LOG = System.getLogger(Backends.class.getName());
  private static final Map<String, Backend> BY_NAME = new ConcurrentHashMap<>();
  private static volatile Backend defaultBackend;

  private Backends() {}

  /** The default backend, created on first use and shared afterwards. */
  public static Backend get() {
    Backend backend = defaultBackend;
    if (backend == null) {
      synchronized (Backends.class) {
        backend = defaultBackend;
        if (backend == null) {
          BackendDiscovery.Selection selection =
              discover().select(System::getProperty, System::getenv);
          // a choice among several is worth a line; a lone or named backend is not
          LOG.log(
              selection.amongSeveral() ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
              selection.explanation());
          backend =
              BY_NAME.computeIfAbsent(
                  selection.status().name(), name -> selection.create(BackendOptions.defaults()));
          defaultBackend = backend;
        }
      }
    }
    return backend;
  }

  /** The backend called {@code name}, created on first use and shared afterwards. */
  public static Backend get(String name) {
    return BY_NAME.computeIfAbsent(
        name.trim().toLowerCase(java.util.Locale.ROOT),
        key -> create(name, BackendOptions.defaults()));
  }

  /** A new backend instance called {@code name}, owned (and to be closed) by the caller. */
  public static Backend create(String name, BackendOptions options) {
    return discover().selectNamed(name, "name").create(options);
  }

  /** Every provider on the classpath with its availability, highest priority first. */
  public static List<ProviderStatus> providers() {
    return discover().providers();
  }

  /**
   * The names of the providers that can be used on this machine, highest priority first: what a
   * test iterates over to run "on every backend present".
   */
  public static List<String> availableNames() {
    return providers().stream()
        .filter(status -> status.availability().isAvailable())
        .map(ProviderStatus::name)
        .toList();
  }

  /** A human summary of the providers found, as used in error messages. */
  public static String describe() {
    return discover().listing();
  }

  private static BackendDiscovery discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return BackendDiscovery.scan(loader != null ? loader : Backends.class.getClassLoader());
  }
}
