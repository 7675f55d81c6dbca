package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same inputs give the same bits whether a kernel runs interpreted or compiled by C2. Before
 * {@link VectorMath}, {@code lanewise(EXP)} and {@code reduceLanes(ADD)} changed their results once
 * C2 compiled a loop, so two training runs with one seed ended with different weights depending on
 * when the JIT got there.
 */
class JitIndependenceTest {

  @Test
  void interpretedAndCompiledKernelsGiveIdenticalBits() throws IOException, InterruptedException {
    Map<String, Long> interpreted = interpretedInChildJvm();
    assertThat(interpreted).containsOnlyKeys(KernelFingerprints.compute().keySet());
    // Several thousand calls take every kernel loop through C1 to C2; compare along the way too,
    // since a difference may show only in one tier.
    for (int round = 1; round <= 3000; round++) {
      Map<String, Long> compiled = KernelFingerprints.compute();
      if (round % 1000 == 0) {
        assertThat(compiled).as("after %d calls", round).isEqualTo(interpreted);
      }
    }
  }

  private static Map<String, Long> interpretedInChildJvm()
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-Xint",
            "--add-modules",
            "jdk.incubator.vector",
            "-cp",
            System.getProperty("java.class.path"),
            KernelFingerprints.class.getName());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    Map<String, Long> hashes = new LinkedHashMap<>();
    output
        .lines()
        .filter(line -> line.matches("\\w+=-?\\d+"))
        .forEach(
            line -> {
              int eq = line.indexOf('=');
              hashes.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            });
    return hashes;
  }
}
