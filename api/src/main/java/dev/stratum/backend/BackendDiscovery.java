package dev.stratum.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What {@link Backends} found, and the choice it makes: find providers (a broken one is reported
 * and skipped, never hiding the others), then pick the one named by the system property or the
 * environment variable, or else the available one of highest priority. Every outcome a user can
 * meet is one sentence that says what to do.
 *
 * <p>Providers are probed lazily, each at most once: a selection by name probes only the provider
 * of that name, so naming {@code vector} never loads another backend's native library (JOCL's
 * {@code libOpenCL.so}, which prints to stderr when it is missing). Choosing by priority, {@link
 * #providers()} and {@link #listing()} probe every provider.
 */
public final class BackendDiscovery {

  /** The system property that names a backend. */
  public static final String PROPERTY = "stratum.backend";

  /** The environment variable that names a backend when the property is not set. */
  public static final String ENVIRONMENT = "STRATUM_BACKEND";

  private final List<BackendProvider> found;
  private final List<String> broken;
  private final Map<BackendProvider, ProviderStatus> probed = new IdentityHashMap<>();
  private List<ProviderStatus> providers;

  private BackendDiscovery(List<BackendProvider> found, List<String> broken) {
    this.found = List.copyOf(found);
    this.broken = List.copyOf(broken);
  }

  /** Discovers providers through {@link java.util.ServiceLoader} on the given class loader. */
  public static BackendDiscovery scan(ClassLoader loader) {
    return of(java.util.ServiceLoader.load(BackendProvider.class, loader));
  }

  /**
   * Discovers providers from any iterable whose iterator may throw {@link
   * ServiceConfigurationError}, as a {@link java.util.ServiceLoader}'s does for a broken jar.
   */
  public static BackendDiscovery of(Iterable<BackendProvider> source) {
    List<BackendProvider> found = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    Iterator<BackendProvider> it = source.iterator();
    // a bound, in case a broken loader keeps failing at the same place
    for (int attempts = 0; attempts < 10_000; attempts++) {
      BackendProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        broken.add(brokenProviderMessage(e));
        continue;
      }
      found.add(provider);
    }
    return new BackendDiscovery(found, broken);
  }

  /** The provider's status, probed on first use. */
  private synchronized ProviderStatus status(BackendProvider provider) {
    return probed.computeIfAbsent(provider, BackendDiscovery::probe);
  }

  /** The provider's name without probing it, or null when {@code name()} throws. */
  private static String nameOf(BackendProvider provider) {
    try {
      return provider.name();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static ProviderStatus probe(BackendProvider provider) {
    String name;
    int priority;
    Availability availability;
    try {
      name = provider.name();
      priority = provider.priority();
    } catch (RuntimeException | LinkageError e) {
      return new ProviderStatus(
          provider,
          provider.getClass().getName(),
          Integer.MIN_VALUE,
          Availability.unavailable(
              "its name() or priority() threw "
                  + e
                  + "; this is a bug in "
                  + provider.getClass().getName()));
    }
    try {
      availability = provider.probe();
      if (availability == null) {
        availability =
            Availability.unavailable(
                "probe() returned null; this is a bug in " + provider.getClass().getName());
      }
    } catch (RuntimeException | LinkageError e) {
      availability =
          Availability.unavailable(
              "probe() threw " + e + "; this is a bug in " + provider.getClass().getName());
    }
    return new ProviderStatus(provider, name, priority, availability);
  }

  static String brokenProviderMessage(Throwable e) {
    return "Ignored a broken backend provider: "
        + e.getMessage()
        + ". Remove the jar that lists"
        + " it in META-INF/services/"
        + BackendProvider.class.getName()
        + ", or fix its class.";
  }

  /** Providers found, highest priority first (this probes every one of them). */
  public synchronized List<ProviderStatus> providers() {
    if (providers == null) {
      List<ProviderStatus> all = new ArrayList<>();
      for (BackendProvider provider : found) {
        all.add(status(provider));
      }
      all.sort(
          Comparator.comparingInt(ProviderStatus::priority)
              .reversed()
              .thenComparing(ProviderStatus::name));
      providers = List.copyOf(all);
    }
    return providers;
  }

  /** One message per provider that could not even be loaded. */
  public List<String> broken() {
    return broken;
  }

  /**
   * Chooses a provider: the one named by {@code lookup(PROPERTY)}, else by {@code
   * lookup(ENVIRONMENT)}, else the available one with the highest priority.
   *
   * @param properties looks up system properties (blank counts as unset)
   * @param environment looks up environment variables (blank counts as unset)
   * @throws BackendUnavailableException with a sentence saying what to do
   */
  public Selection select(UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String byProperty = blankToNull(properties.apply(PROPERTY));
    String byEnvironment = blankToNull(environment.apply(ENVIRONMENT));
    if (byProperty != null) {
      return selectNamed(byProperty, "the system property " + PROPERTY);
    }
    if (byEnvironment != null) {
      return selectNamed(byEnvironment, "the environment variable " + ENVIRONMENT);
    }
    return selectBest();
  }

  /**
   * Chooses the provider called {@code name}, which must be available. Only that provider is
   * probed, unless none matches or it is unavailable (the message then lists every provider).
   */
  public Selection selectNamed(String name, String requestedBy) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (BackendProvider provider : found) {
      String providerName = nameOf(provider);
      if (providerName != null && providerName.toLowerCase(Locale.ROOT).equals(wanted)) {
        ProviderStatus status = status(provider);
        if (!status.availability().isAvailable()) {
          throw new BackendUnavailableException(
              "Backend '"
                  + name
                  + "' was requested by "
                  + requestedBy
                  + ", but it is unavailable: "
                  + status.availability().reason()
                  + ". "
                  + listing());
        }
        return new Selection(
            status,
            "Using backend '" + status.name() + "', requested by " + requestedBy + ".",
            false);
      }
    }
    throw new BackendUnavailableException(
        "Backend '"
            + name
            + "' was requested by "
            + requestedBy
            + ", but no provider of that name is on the classpath. "
            + listing()
            + " Check the name, or add the backend's jar to the classpath.");
  }

  private Selection selectBest() {
    List<ProviderStatus> providers = providers();
    if (providers.isEmpty()) {
      throw new BackendUnavailableException(
          "No Stratum backend was found on the classpath. Add a backend module as a dependency:"
              + " dev.stratum:stratum-backend-vector for the CPU, or"
              + " dev.stratum:stratum-backend-opencl for OpenCL devices."
              + brokenSuffix());
    }
    List<ProviderStatus> available =
        providers.stream().filter(p -> p.availability().isAvailable()).toList();
    if (available.isEmpty()) {
      throw new BackendUnavailableException(
          "No Stratum backend is available. "
              + listing()
              + " Fix one of these reasons, or add another backend.");
    }
    ProviderStatus winner = available.get(0);
    String explanation =
        available.size() == 1
            ? "Using backend '" + winner.name() + "', the only one available."
            : "Several Stratum backends are available: "
                + available.stream()
                    .map(p -> p.name() + " (priority " + p.priority() + ")")
                    .collect(Collectors.joining(", "))
                + ". Using '"
                + winner.name()
                + "', the highest priority; choose another with -D"
                + PROPERTY
                + "=NAME or "
                + ENVIRONMENT
                + "=NAME.";
    return new Selection(winner, explanation, available.size() > 1);
  }

  /** {@code Providers found: a (...), b (...).} plus any broken-provider messages. */
  public String listing() {
    List<ProviderStatus> providers = providers();
    String list =
        providers.isEmpty()
            ? "No providers were found."
            : "Providers found: "
                + providers.stream().map(ProviderStatus::describe).collect(Collectors.joining(", "))
                + ".";
    return list + brokenSuffix();
  }

  private String brokenSuffix() {
    return broken.isEmpty() ? "" : " " + String.join(" ", broken);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The chosen provider and a sentence saying why it was chosen. */
  /**
   * The chosen provider, a sentence saying why, and whether it won over other available providers
   * (a choice worth telling the user about).
   */
  public record Selection(ProviderStatus status, String explanation, boolean amongSeveral) {

    /** Creates the backend, turning a failure into a sentence that names the backend. */
    public Backend create(BackendOptions options) {
      try {
        return status.provider().create(options);
      } catch (RuntimeException | LinkageError e) {
        throw new BackendUnavailableException(
            "Backend '" + status.name() + "' failed to start: " + e, e);
      }
    }
  }
}
