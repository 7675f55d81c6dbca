package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's ahead-of-time cache, on a copy of the distribution: {@code stratum aot} writes
 * {@code lib/stratum.aot} and its stamp; later runs load Stratum's classes from it; a corrupt
 * cache, a jar changed after the cache was built and {@code STRATUM_AOT=off} all run without it,
 * quietly. Whether a class came from the cache is what {@code -Xlog:class+load} says ({@code
 * source: shared objects file}).
 */
class AotCacheIT {

  private static final Path DISTRIBUTION =
      Path.of(System.getProperty("stratum.distribution", "target/stratum")).toAbsolutePath();
  private static final String SUBSET =
      Path.of(System.getProperty("stratum.testdata", "../testdata"), "fashion-mnist-subset")
          .toString();
  private static final String FROM_CACHE =
      "dev.stratum.cli.StratumCommand source: shared objects file";
  private static final String FROM_JAR = "dev.stratum.cli.StratumCommand source: file:";

  @TempDir static Path home;
  private static Path launcher;
  private static Path cache;
  private static String built;

  /** What a process printed (stdout and stderr together) and returned. */
  record Run(int code, String output) {}

  private static Run run(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
    builder.environment().remove("STRATUM_BACKEND");
    builder.environment().remove("STRATUM_AOT");
    builder.environment().remove("JAVA_OPTS");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** {@code stratum backends} with every class load logged. */
  private static Run backends(Map<String, String> environment) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("JAVA_OPTS", "-Xlog:class+load=info");
    return run(env, "backends");
  }

  @BeforeAll
  static void buildTheCacheInACopy() throws Exception {
    if (!Files.isRegularFile(DISTRIBUTION.resolve("lib").resolve("stratum.jar"))) {
      String missing = "no distribution in " + DISTRIBUTION + " (failsafe runs this after package)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing);
      }
      Assumptions.abort("skipped: " + missing);
    }
    for (String file : List.of("bin/stratum", "lib/stratum.jar")) {
      Path target = home.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(DISTRIBUTION.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
    }
    launcher = home.resolve("bin").resolve("stratum");
    cache = home.resolve("lib").resolve("stratum.aot");
    Run r =
        run(
            Map.of(),
            "aot",
            "--model",
            "mlp",
            "--data",
            SUBSET,
            "--epochs",
            "1",
            "--batch-size",
            "300");
    built = r.output();
    assertThat(r.code()).as(r.output()).isZero();
  }

  @Test
  void aotWritesTheCacheAndItsStampAndSaysSo() throws Exception {
    assertThat(built).contains("stratum: wrote " + cache);
    assertThat(Files.size(cache)).isGreaterThan(1 << 20);
    Path jar = home.resolve("lib").resolve("stratum.jar");
    assertThat(Files.readString(home.resolve("lib").resolve("stratum.aot.stamp")).trim())
        .isEqualTo(
            jar
                + " "
                + Files.size(jar)
                + " "
                + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS));
    assertThat(home.resolve("lib").resolve("stratum.aot.tmp")).doesNotExist();
  }

  @Test
  void laterRunsLoadTheirClassesFromTheCacheUnlessTurnedOff() throws Exception {
    Run with = backends(Map.of());
    assertThat(with.code()).as(with.output()).isZero();
    assertThat(with.output()).contains(FROM_CACHE).contains("default: vector");
    Run off = backends(Map.of("STRATUM_AOT", "off"));
    assertThat(off.code()).as(off.output()).isZero();
    assertThat(off.output()).contains(FROM_JAR).doesNotContain(FROM_CACHE);
  }

  @Test
  void aCorruptCacheOrAChangedJarRunsWithoutItAndSaysNothing() throws Exception {
    Path jar = home.resolve("lib").resolve("stratum.jar");
    byte[] good = Files.readAllBytes(cache);
    FileTime modified = Files.getLastModifiedTime(jar);
    try {
      // the stamp still matches, so the JVM gets the file and must refuse it itself
      byte[] corrupt = good.clone();
      for (int i = 0; i < 4096; i++) {
        corrupt[i] = (byte) (i * 31 + 7);
      }
      Files.write(cache, corrupt);
      Run r = run(Map.of(), "train", "--model", "mlp", "--data", SUBSET, "--epochs", "1");
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(r.output()).contains("test_accuracy").doesNotContain("[aot]");

      // a jar touched after the cache was built: the launcher no longer passes the cache
      Files.write(cache, good);
      Files.setLastModifiedTime(jar, FileTime.fromMillis(modified.toMillis() + 60_000));
      Run stale = backends(Map.of());
      assertThat(stale.code()).as(stale.output()).isZero();
      assertThat(stale.output()).contains(FROM_JAR).doesNotContain(FROM_CACHE);
    } finally {
      Files.write(cache, good);
      Files.setLastModifiedTime(jar, modified);
    }
  }
}
