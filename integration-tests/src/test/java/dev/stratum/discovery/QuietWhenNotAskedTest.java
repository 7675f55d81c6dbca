package dev.stratum.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: a program that chooses the vector backend loads nothing of JOCL and prints
 * nothing about OpenCL, even with the OpenCL backend on the class path and no {@code libOpenCL.so}.
 * Child JVMs on this test class path (which holds both backends) choose {@code
 * -Dstratum.backend=vector} and do some arithmetic; the class-loading log must hold no {@code
 * org.jocl} class, and where {@code unshare -rm} may hide {@code libOpenCL.so} behind a bind mount,
 * stderr must hold nothing but the JDK's incubator-module warning.
 */
class QuietWhenNotAskedTest {

  @TempDir Path temp;

  /** The child: the vector backend by name, a small computation, its result on stdout. */
  public static void main(String[] args) {
    Backend backend = Backends.get();
    try (Tensor a = Tensor.of(backend, new float[] {1, 2, 3}, 3);
        Tensor b = a.mul(a)) {
      System.out.println(backend.name() + " " + b.sum().item());
    }
  }

  @Test
  void choosingTheVectorBackendLoadsNoJoclClass() throws Exception {
    Path log = temp.resolve("classes.log");
    Result result = run(List.of(), List.of("-Xlog:class+load=info:file=" + log));
    assertThat(result.stdout()).as("child stdout; stderr:%n%s", result.stderr()).contains("14.0");
    List<String> jocl =
        Files.readAllLines(log).stream().filter(l -> l.contains(" org.jocl.")).toList();
    assertThat(jocl).as("JOCL classes loaded by a vector-only program").isEmpty();
    assertThat(stderrBeyondTheIncubatorWarning(result)).isEmpty();
  }

  @Test
  void withoutLibOpenClAVectorProgramPrintsNothingOnStderr() throws Exception {
    Result result = run(hidingLibOpenCl(), List.of());
    assertThat(result.stdout()).as("child stdout; stderr:%n%s", result.stderr()).contains("14.0");
    assertThat(stderrBeyondTheIncubatorWarning(result)).isEmpty();
  }

  /**
   * No backend named: discovery probes every provider, OpenCL's included, and chooses the vector
   * backend; with libOpenCL.so hidden, JOCL's native "Could not load libOpenCL.so" (on stdout) must
   * not appear, because the provider opens the library itself before touching JOCL.
   */
  @Test
  void withoutLibOpenClChoosingByPriorityPrintsNothingButTheResult() throws Exception {
    Result result = run(hidingLibOpenCl(), List.of(), null);
    assertThat(result.stdout().strip())
        .as("child stdout; stderr:%n%s", result.stderr())
        .isEqualTo("vector 14.0");
    // stderr holds Backends' INFO line naming the candidates (the test class path has the scalar
    // reference backend too), and nothing from or about OpenCL
    assertThat(stderrBeyondTheIncubatorWarning(result))
        .noneMatch(l -> l.contains("OpenCL") || l.contains("Could not load"));
  }

  /**
   * A wrapper that runs the child in a private mount namespace where libOpenCL.so is /dev/null;
   * skips, saying why, when there is no library to hide or unshare is not allowed.
   */
  private static List<String> hidingLibOpenCl() throws IOException, InterruptedException {
    Path library = Path.of("/usr/lib/x86_64-linux-gnu/libOpenCL.so");
    Assumptions.assumeTrue(
        Files.exists(library), "no " + library + " to hide (the other test covers this case)");
    Process check = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
    Assumptions.assumeTrue(
        check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0,
        "unshare -rm is not allowed here, so libOpenCL.so cannot be hidden");
    return List.of(
        "unshare",
        "-rm",
        "sh",
        "-c",
        "mount --bind /dev/null " + library.toRealPath() + " && exec \"$@\"",
        "sh");
  }

  private record Result(String stdout, String stderr) {}

  private static List<String> stderrBeyondTheIncubatorWarning(Result result) {
    return result
        .stderr()
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules"))
        .toList();
  }

  private Result run(List<String> wrapper, List<String> jvmFlags)
      throws IOException, InterruptedException {
    return run(wrapper, jvmFlags, "vector");
  }

  /** The child under {@code wrapper}; {@code backend} null chooses by priority. */
  private Result run(List<String> wrapper, List<String> jvmFlags, String backend)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmFlags);
    if (backend != null) {
      command.add("-Dstratum.backend=" + backend);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(QuietWhenNotAskedTest.class.getName());
    Path out = temp.resolve("stdout.txt");
    Path err = temp.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("STRATUM_BACKEND");
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    Result result = new Result(Files.readString(out), Files.readString(err));
    assertThat(process.exitValue()).as("child exit status; stderr:%n%s", result.stderr()).isZero();
    return result;
  }
}
