package dev.stratum.conformance.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} must hear which flag to add, not
 * see a {@code NoClassDefFoundError}. Runs a child JVM on the test class path without the flag.
 */
class WithoutVectorModuleTest {

  /** The child's entry point: asks for the default backend and prints what happened. */
  public static void main(String[] args) {
    System.out.println(Backends.describe());
    try {
      Backends.get();
      System.out.println("created");
    } catch (RuntimeException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Test
  void providerSaysWhichFlagToAdd() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dstratum.backend=vector",
                    WithoutVectorModuleTest.class.getName()))
            .redirectErrorStream(true)
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output)
        .doesNotContain("NoClassDefFoundError")
        .contains(
            "vector (priority 100, unavailable: module jdk.incubator.vector is not resolved:"
                + " start java with --add-modules jdk.incubator.vector")
        .contains(
            "BackendUnavailableException: Backend 'vector' was requested by the system"
                + " property stratum.backend, but it is unavailable: module jdk.incubator.vector is"
                + " not resolved");
    assertThat(child.exitValue()).isZero();
  }
}
