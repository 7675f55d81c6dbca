package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendDiscovery;
import dev.stratum.backend.Backends;
import dev.stratum.backend.ProviderStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The {@code --backend} option of every command that computes, and the lines that say which backend
 * runs and why. Without {@code --backend}, {@link Backends#get()} decides (the system property
 * {@code stratum.backend}, then {@code STRATUM_BACKEND}, then the highest priority available); when
 * that lands on a backend below one that could not start, one line names the better one and why it
 * is unavailable, so a missing {@code --add-modules jdk.incubator.vector} is never silent.
 */
final class BackendOption {

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "Backend to run on (see 'stratum backends'; default: -Dstratum.backend, else"
              + " STRATUM_BACKEND, else the available one of highest priority).")
  String name;

  /**
   * Chooses the backend, prints {@code backend: ...} on {@code out} and any note on {@code err}.
   */
  Backend choose(PrintWriter out, PrintWriter err) {
    Backend backend = name != null ? Backends.get(name) : Backends.get();
    out.println("backend: " + backend.name() + " (" + backend.device() + ")");
    String note =
        name != null
            ? null
            : fallbackNote(
                backend.name(), Backends.providers(), System::getProperty, System::getenv);
    if (note != null) {
      err.println(note);
    }
    out.flush();
    err.flush();
    return backend;
  }

  /**
   * The line to print when {@code chosen} was picked by priority although a provider of higher
   * priority is on the class path but unavailable; {@code null} when the backend was named by the
   * property or the environment, or when nothing better was passed over.
   */
  static String fallbackNote(
      String chosen,
      List<ProviderStatus> providers,
      UnaryOperator<String> properties,
      UnaryOperator<String> environment) {
    if (isSet(properties.apply(BackendDiscovery.PROPERTY))
        || isSet(environment.apply(BackendDiscovery.ENVIRONMENT))) {
      return null;
    }
    int chosenPriority =
        providers.stream()
            .filter(p -> p.name().equals(chosen))
            .mapToInt(ProviderStatus::priority)
            .findFirst()
            .orElse(Integer.MIN_VALUE);
    return providers.stream()
        .filter(p -> p.priority() > chosenPriority && !p.availability().isAvailable())
        .findFirst()
        .map(
            better ->
                "note: running on '"
                    + chosen
                    + "' because '"
                    + better.name()
                    + "' (priority "
                    + better.priority()
                    + ") is unavailable: "
                    + better.availability().reason())
        .orElse(null);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
