package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it, after {@code package}: the launcher and the runnable jar
 * start, list both backends, pass JVM options through, refuse a wrong JDK with a sentence, and draw
 * the live progress bar in a terminal.
 */
class DistributionIT {

  private static final Path HOME =
      Path.of(System.getProperty("stratum.distribution", "target/stratum")).toAbsolutePath();
  private static final Path LAUNCHER = HOME.resolve("bin").resolve("stratum");
  private static final Path JAR = HOME.resolve("lib").resolve("stratum.jar");
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final String SUBSET =
      Path.of(System.getProperty("stratum.testdata", "../testdata"), "fashion-mnist-subset")
          .toString();

  @TempDir Path dir;

  /** What a process printed (stdout and stderr together) and returned. */
  record Run(int code, String output) {}

  private Run run(Map<String, String> environment, String... command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    builder.environment().remove("STRATUM_BACKEND");
    builder.environment().remove("JAVA_OPTS");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private Run run(String... command) throws Exception {
    return run(Map.of(), command);
  }

  private static boolean openClAvailable() {
    return Backends.availableNames().contains("opencl");
  }

  @Test
  void theLauncherAndTheJarListBothBackends() throws Exception {
    assertThat(Files.isExecutable(LAUNCHER)).as(LAUNCHER + " executable").isTrue();
    Run launcher = run(LAUNCHER.toString(), "backends");
    Run jar =
        run(
            JAVA.toString(),
            "--add-modules",
            "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "-jar",
            JAR.toString(),
            "backends");
    for (Run r : List.of(launcher, jar)) {
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(r.output())
          .containsPattern("vector\\s+priority\\s+100\\s+available")
          .containsPattern(
              "opencl\\s+priority\\s+50\\s+" + (openClAvailable() ? "available" : "unavailable"))
          .contains("default: vector")
          .doesNotContain("restricted method"); // the native-access warning
    }
  }

  @Test
  void theJarWithoutTheVectorModuleSaysWhyItRunsOnOpenCl() throws Exception {
    Run r = run(JAVA.toString(), "-jar", JAR.toString(), "backends");
    assertThat(r.output())
        .contains(
            "vector       priority  100  unavailable: module jdk.incubator.vector is not resolved");
    if (openClAvailable()) {
      assertThat(r.code()).isZero();
      assertThat(r.output())
          .contains("default: opencl")
          .contains(
              "note: running on 'opencl' because 'vector' (priority 100) is unavailable:"
                  + " module jdk.incubator.vector is not resolved");
    } else {
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.output()).contains("default: none.");
    }
  }

  @Test
  void theLauncherWorksThroughASymbolicLinkAndPassesSystemProperties() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("stratum"), LAUNCHER.toAbsolutePath());
    Run r = run(link.toString(), "-Dstratum.backend=no-such-backend", "demo", "--steps", "1");
    assertThat(r.code()).as(r.output()).isEqualTo(1);
    assertThat(r.output())
        .contains(
            "Backend 'no-such-backend' was requested by the system property stratum.backend, but no"
                + " provider of that name is on the classpath");
    Run env =
        run(
            Map.of("JAVA_OPTS", "-Dstratum.backend=other"),
            link.toString(),
            "demo",
            "--steps",
            "1");
    assertThat(env.output()).contains("Backend 'other' was requested by the system property");
  }

  @Test
  void theLauncherRefusesAJavaOtherThan25WithASentence() throws Exception {
    // a stand-in JDK 17: its release file says so, and its java must never be started
    Path jdk = dir.resolve("jdk-17");
    Files.createDirectories(jdk.resolve("bin"));
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.12\"\n");
    Path java = Files.writeString(jdk.resolve("bin").resolve("java"), "#!/bin/sh\necho started\n");
    java.toFile().setExecutable(true);
    Run r = run(Map.of("JAVA_HOME", jdk.toString()), LAUNCHER.toString(), "backends");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.output())
        .isEqualTo(
            "stratum: needs JDK 25, but JAVA_HOME="
                + jdk
                + " is Java 17. Set JAVA_HOME to a JDK 25 (for example"
                + " /usr/lib/jvm/temurin-25-jdk-amd64).\n");
  }

  @Test
  void theJarOnAJavaOlderThan25SaysSoInOneSentence() throws Exception {
    Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    if (!Files.isExecutable(java17)) {
      String missing = "needs a JDK 17 at " + java17 + ": apt-get install openjdk-17-jre-headless";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      Assumptions.abort("skipped: " + missing);
    }
    Process process =
        new ProcessBuilder(java17.toString(), "-jar", JAR.toString(), "backends")
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + java17 + " -jar " + JAR);
    }
    assertThat(process.exitValue()).as(stderr).isEqualTo(1);
    assertThat(stderr)
        .isEqualTo(
            "stratum: needs Java 25 or newer, but this is Java 17 (java.home="
                + java17.getParent().getParent()
                + "). Run the jar with the java of a JDK 25 (for example"
                + " /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), or use bin/stratum with JAVA_HOME"
                + " set to one.\n")
        .doesNotContain("Exception");
  }

  @Test
  void theArchiveHoldsTheLauncherExecutableAndTheJar() throws Exception {
    List<Path> archives = new ArrayList<>();
    try (var files = Files.list(HOME.getParent())) {
      files
          .filter(p -> p.getFileName().toString().matches("stratum-.*\\.tar\\.gz"))
          .forEach(archives::add);
    }
    assertThat(archives).hasSize(1);
    Run listing = run("tar", "-tvzf", archives.get(0).toString());
    assertThat(listing.code()).isZero();
    assertThat(listing.output())
        .containsPattern("-rwxr-xr-x .* stratum-[^/]+/bin/stratum\\n")
        .containsPattern("-rw-r--r-- .* stratum-[^/]+/lib/stratum.jar\\n");
  }

  @Test
  void trainingDrawsTheLiveBarInATerminalAndPlainLinesElsewhere() throws Exception {
    Path script = Path.of("/usr/bin/script");
    if (!Files.isExecutable(script)) {
      String missing = "needs script(1) for a pseudo-terminal: apt-get install bsdutils";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      Assumptions.abort("skipped: " + missing);
    }
    String train =
        String.join(
            " ",
            LAUNCHER.toString(),
            "train --model mlp --epochs 1 --limit 300 --backend vector --data",
            SUBSET,
            "--run-dir");
    Run terminal =
        run(
            Map.of("TERM", "xterm"),
            script.toString(),
            "-qefc",
            train + " " + dir.resolve("tty"),
            "/dev/null");
    assertThat(terminal.code()).as(terminal.output()).isZero();
    // the bar: task name, percentage ("?" while the first epoch's length is unknown), the ASCII
    // bar, steps, and the loop's extra message
    assertThat(terminal.output())
        .containsPattern(
            "epoch 1/1\\s+(\\d+|\\?) ?% \\[[=> ]*\\] \\d+/(\\d+|\\?) .*loss \\d\\.\\d{4}, \\d+ samples/s");
    Run plain = run("sh", "-c", train + " " + dir.resolve("plain") + " < /dev/null");
    assertThat(plain.code()).as(plain.output()).isZero();
    assertThat(plain.output())
        .containsPattern("epoch 1/1 - [\\d.]+ s - \\d+ samples/s - loss")
        .doesNotContain("% [");
  }
}
