package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's {@code main} class run in a child JVM of this one, for flags a running JVM cannot
 * change.
 */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Runs {@code main} in a child JVM with {@code flags} and this class path (the environment's
   * {@code JDK_JAVA_OPTIONS} and {@code JAVA_TOOL_OPTIONS} removed); asserts that it exits with 0
   * within 60 s and returns its output, standard error included.
   */
  static String run(Class<?> main, String... flags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(flags));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
