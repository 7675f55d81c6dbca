package dev.stratum.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendDiscoveryTest {

  private static final UnaryOperator<String> NOTHING_SET = key -> null;

  private static UnaryOperator<String> only(String key, String value) {
    return k -> k.equals(key) ? value : null;
  }

  private static final String VECTOR_DOWN =
      "module jdk.incubator.vector is not resolved: start"
          + " java with --add-modules jdk.incubator.vector";

  @Test
  void noProviderAtAllSaysWhichDependencyToAdd() {
    BackendDiscovery discovery = BackendDiscovery.of(List.of());
    assertThatThrownBy(() -> discovery.select(NOTHING_SET, NOTHING_SET))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage(
            "No Stratum backend was found on the classpath. Add a backend module as a"
                + " dependency: dev.stratum:stratum-backend-vector for the CPU, or"
                + " dev.stratum:stratum-backend-opencl for OpenCL devices.");
  }

  @Test
  void highestPriorityAvailableProviderWinsAndTheChoiceIsExplained() {
    BackendDiscovery discovery =
        BackendDiscovery.of(
            List.of(
                FakeProvider.available("vector", 100),
                FakeProvider.available("gpu", 200),
                FakeProvider.unavailable("opencl", 300, "no OpenCL platform found")));
    BackendDiscovery.Selection selection = discovery.select(NOTHING_SET, NOTHING_SET);
    assertThat(selection.status().name()).isEqualTo("gpu");
    assertThat(selection.amongSeveral()).isTrue();
    assertThat(selection.explanation())
        .isEqualTo(
            "Several Stratum backends are available: gpu (priority 200), vector (priority 100)."
                + " Using 'gpu', the highest priority; choose another with -Dstratum.backend=NAME or"
                + " STRATUM_BACKEND=NAME.");
  }

  @Test
  void singleAvailableProviderIsExplainedPlainly() {
    BackendDiscovery discovery =
        BackendDiscovery.of(List.of(FakeProvider.available("vector", 100)));
    BackendDiscovery.Selection selection = discovery.select(NOTHING_SET, NOTHING_SET);
    assertThat(selection.explanation())
        .isEqualTo("Using backend 'vector', the only one available.");
    assertThat(selection.amongSeveral()).isFalse();
  }

  @Test
  void systemPropertyWinsOverEnvironmentAndPriority() {
    BackendDiscovery discovery =
        BackendDiscovery.of(
            List.of(FakeProvider.available("vector", 100), FakeProvider.available("gpu", 200)));
    BackendDiscovery.Selection selection =
        discovery.select(
            only(BackendDiscovery.PROPERTY, "Vector"), only(BackendDiscovery.ENVIRONMENT, "gpu"));
    assertThat(selection.status().name()).isEqualTo("vector");
    // named outright, so no choice among several was made
    assertThat(selection.amongSeveral()).isFalse();
    assertThat(selection.explanation())
        .isEqualTo("Using backend 'vector', requested by the system property stratum.backend.");
  }

  @Test
  void environmentVariableIsUsedWhenThePropertyIsUnsetOrBlank() {
    BackendDiscovery discovery =
        BackendDiscovery.of(
            List.of(FakeProvider.available("vector", 100), FakeProvider.available("gpu", 200)));
    BackendDiscovery.Selection selection =
        discovery.select(
            only(BackendDiscovery.PROPERTY, "  "), only(BackendDiscovery.ENVIRONMENT, "vector"));
    assertThat(selection.explanation())
        .isEqualTo(
            "Using backend 'vector', requested by the environment variable STRATUM_BACKEND.");
  }

  @Test
  void unknownNameListsWhatWasFound() {
    BackendDiscovery discovery =
        BackendDiscovery.of(
            List.of(
                FakeProvider.available("vector", 100),
                FakeProvider.unavailable("opencl", 200, "no OpenCL platform found")));
    assertThatThrownBy(() -> discovery.select(only(BackendDiscovery.PROPERTY, "cuda"), NOTHING_SET))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage(
            "Backend 'cuda' was requested by the system property stratum.backend, but no"
                + " provider of that name is on the classpath. Providers found: opencl (priority 200,"
                + " unavailable: no OpenCL platform found), vector (priority 100, available). Check"
                + " the name, or add the backend's jar to the classpath.");
  }

  @Test
  void requestedButUnavailableGivesTheReason() {
    BackendDiscovery discovery =
        BackendDiscovery.of(List.of(FakeProvider.unavailable("vector", 100, VECTOR_DOWN)));
    assertThatThrownBy(
            () -> discovery.select(NOTHING_SET, only(BackendDiscovery.ENVIRONMENT, "vector")))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage(
            "Backend 'vector' was requested by the environment variable STRATUM_BACKEND,"
                + " but it is unavailable: "
                + VECTOR_DOWN
                + ". Providers found: vector (priority"
                + " 100, unavailable: "
                + VECTOR_DOWN
                + ").");
  }

  @Test
  void noneAvailableListsEveryReason() {
    BackendDiscovery discovery =
        BackendDiscovery.of(
            List.of(
                FakeProvider.unavailable("vector", 100, VECTOR_DOWN),
                FakeProvider.unavailable("opencl", 200, "no OpenCL platform found")));
    assertThatThrownBy(() -> discovery.select(NOTHING_SET, NOTHING_SET))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage(
            "No Stratum backend is available. Providers found: opencl (priority 200,"
                + " unavailable: no OpenCL platform found), vector (priority 100, unavailable: "
                + VECTOR_DOWN
                + "). Fix one of these reasons, or add another backend.");
  }

  @Test
  void aProbeThatThrowsMakesOnlyThatProviderUnavailable() {
    BackendProvider throwing =
        new FakeProvider("bad", 500, Availability.available()) {
          @Override
          public Availability probe() {
            throw new IllegalStateException("boom");
          }
        };
    BackendDiscovery discovery =
        BackendDiscovery.of(List.of(throwing, FakeProvider.available("vector", 100)));
    assertThat(discovery.select(NOTHING_SET, NOTHING_SET).status().name()).isEqualTo("vector");
    assertThat(discovery.providers().get(0).availability().reason())
        .startsWith("probe() threw java.lang.IllegalStateException: boom; this is a bug in ");
  }

  @Test
  void aBrokenProviderIsReportedAndDoesNotHideTheOthers() {
    Iterable<BackendProvider> source =
        () ->
            new Iterator<>() {
              private int index;

              @Override
              public boolean hasNext() {
                return index < 2;
              }

              @Override
              public BackendProvider next() {
                if (index >= 2) {
                  throw new NoSuchElementException();
                }
                if (index++ == 0) {
                  throw new ServiceConfigurationError(
                      "dev.stratum.backend.BackendProvider: Provider com.example.Missing not found");
                }
                return FakeProvider.available("vector", 100);
              }
            };
    BackendDiscovery discovery = BackendDiscovery.of(source);
    assertThat(discovery.select(NOTHING_SET, NOTHING_SET).status().name()).isEqualTo("vector");
    assertThat(discovery.broken())
        .containsExactly(
            "Ignored a broken backend provider: dev.stratum.backend.BackendProvider: Provider"
                + " com.example.Missing not found. Remove the jar that lists it in"
                + " META-INF/services/dev.stratum.backend.BackendProvider, or fix its class.");
    assertThat(discovery.listing()).endsWith(discovery.broken().get(0));
  }

  @Test
  void realServiceLoaderReportsAServicesFileNamingAMissingClass(@TempDir Path dir)
      throws IOException {
    Path services = dir.resolve("META-INF/services/" + BackendProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.DoesNotExist\n" + FakeProvider.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      BackendDiscovery discovery = BackendDiscovery.scan(loader);
      assertThat(discovery.broken())
          .singleElement()
          .asString()
          .startsWith("Ignored a broken backend provider: ")
          .contains("com.example.DoesNotExist");
      assertThat(discovery.providers()).extracting(ProviderStatus::name).contains("fake");
    }
  }

  @Test
  void aCreateFailureNamesTheBackend() {
    BackendDiscovery discovery = BackendDiscovery.of(List.of(FakeProvider.available("vector", 1)));
    BackendDiscovery.Selection selection = discovery.select(NOTHING_SET, NOTHING_SET);
    assertThatThrownBy(() -> selection.create(new BackendOptions(Map.of())))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage(
            "Backend 'vector' failed to start: java.lang.IllegalStateException: fake"
                + " provider 'vector' cannot create a backend");
  }

  @Test
  void malformedIntegerOptionIsNamed() {
    BackendOptions options = BackendOptions.of("threads", "two");
    assertThatThrownBy(() -> options.getInt("threads", 1))
        .hasMessage("backend option 'threads' must be an integer, got 'two'");
    assertThat(BackendOptions.of("threads", " 3 ").getInt("threads", 1)).isEqualTo(3);
  }

  /** A provider that records whether it was asked for its priority or probed. */
  private static final class WatchedProvider extends FakeProvider {
    boolean touched;

    WatchedProvider(String name) {
      super(name, 200, Availability.available());
    }

    @Override
    public int priority() {
      touched = true;
      return super.priority();
    }

    @Override
    public Availability probe() {
      touched = true;
      return super.probe();
    }
  }

  @Test
  void aNamedSelectionProbesOnlyTheNamedProvider() {
    // the OpenCL provider's probe loads JOCL, whose native part prints to stderr when
    // libOpenCL.so is missing: naming another backend must not run it (issue 12, item 6)
    WatchedProvider opencl = new WatchedProvider("opencl");
    WatchedProvider vector = new WatchedProvider("vector");
    BackendDiscovery discovery = BackendDiscovery.of(List.of(opencl, vector));
    BackendDiscovery.Selection selection =
        discovery.select(only(BackendDiscovery.PROPERTY, "vector"), NOTHING_SET);
    assertThat(selection.status().name()).isEqualTo("vector");
    assertThat(vector.touched).isTrue();
    assertThat(opencl.touched).as("the provider that was not named was probed").isFalse();
    // listing is what probes everything
    assertThat(discovery.listing()).contains("opencl (priority 200, available)");
    assertThat(opencl.touched).isTrue();
  }
}
