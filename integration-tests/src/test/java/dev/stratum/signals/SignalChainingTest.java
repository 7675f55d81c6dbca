package dev.stratum.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM keeps its own signal handlers when the OpenCL backend starts. PoCL's LLVM installs
 * handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE when the driver loads; without HotSpot's signal
 * chaining ({@code LD_PRELOAD} of the JDK's {@code libjsig.so}, which the build gives every test
 * JVM and the {@code stratum} launcher gives the CLI) they replace the JVM's, and the next fault
 * the JVM takes on purpose (an implicit null check, a safepoint poll) kills it with a bare
 * "Segmentation fault" and no hs_err file, as a CI run did in SmallCnnTest. A child JVM with {@code
 * -Xcheck:jni} (whose periodic check prints "SIGSEGV handler modified!" when that happens) starts
 * the OpenCL backend and runs a kernel, with the environment this test JVM has.
 */
class SignalChainingTest {

  @TempDir Path tmp;

  @Test
  void theJvmsHandlersSurviveTheOpenClDriverWithLibjsigPreloaded() throws Exception {
    boolean present = Backends.availableNames().contains("opencl");
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but no OpenCL backend: " + Backends.describe());
    }
    Assumptions.assumeTrue(present, "no OpenCL backend: " + Backends.describe());
    String preload = System.getenv("LD_PRELOAD");
    assertThat(preload)
        .as("the build preloads the JDK's libjsig.so for test JVMs (parent pom)")
        .contains("libjsig.so");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
    command.add("-Xcheck:jni");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SignalChainingTest.class.getName());
    Path out = tmp.resolve("child.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(out.toFile());
    // a kernel cache of its own, empty: the driver compiles (and starts LLVM) in the child
    builder.environment().put("POCL_CACHE_DIR", tmp.resolve("pocl").toString());
    Process child = builder.start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as("child exit; its output:%n%s", text).isZero();
    assertThat(text).contains("opencl started").doesNotContain("handler modified");
  }

  /** The child: starts the OpenCL backend, runs one kernel, then lets -Xcheck:jni check. */
  public static void main(String[] args) throws IOException, InterruptedException {
    // starting the backend loads the driver and builds the kernels (LLVM runs); no kernel is run,
    // since under -Xcheck:jni JOCL's device queries come back empty
    try (Backend backend = Backends.create("opencl", BackendOptions.defaults())) {
      System.out.println("opencl started: " + backend.name());
    }
    // -Xcheck:jni compares the handlers on later JNI calls; make some for a while
    long end = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < end) {
      Files.exists(Path.of("/proc/self/status"));
      Thread.sleep(20);
    }
  }
}
