package dev.stratum.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a Python snippet with Debian's /usr/bin/python3, for optional cross-checks. */
final class PythonCheck {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private PythonCheck() {}

  static boolean numpyAvailable() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import numpy")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code script} with {@code file} as its argument; returns stdout, fails on an error. */
  static String run(String script, Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(PYTHON.toString(), "-c", script, file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("python failed:\n" + out);
    }
    return out;
  }
}
