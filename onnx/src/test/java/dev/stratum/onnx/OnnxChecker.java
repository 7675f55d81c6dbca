package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference ONNX checker, {@code onnx.checker.check_model} with {@code full_check=True} (shape
 * inference included), run by Debian's {@code /usr/bin/python3} with {@code python3-onnx}. Without
 * it a test is skipped with a message, and under {@code CI=true} fails instead.
 */
final class OnnxChecker {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String SCRIPT =
      "import sys, onnx\n"
          + "m = onnx.load(sys.argv[1])\n"
          + "onnx.checker.check_model(m, full_check=True)\n"
          + "print('ok opset', m.opset_import[0].version, 'ir', m.ir_version)\n";

  private static Boolean available;

  private OnnxChecker() {}

  /** Asserts that the checker accepts {@code file}. */
  static void check(Path file) {
    requireChecker();
    Result r = run("-c", SCRIPT, file.toString());
    assertThat(r.exitCode())
        .as("onnx.checker.check_model on %s said:%n%s", file, r.output())
        .isZero();
  }

  private static synchronized void requireChecker() {
    if (available == null) {
      available = Files.isExecutable(PYTHON) && run("-c", "import onnx.checker").exitCode() == 0;
    }
    String message =
        "the ONNX checker needs /usr/bin/python3 with Debian's python3-onnx"
            + " (apt-get install python3-onnx)";
    if (!available && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(message + "; CI=true, so this is a failure, not a skip");
    }
    assumeThat(available).as(message).isTrue();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = PYTHON.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }
}
