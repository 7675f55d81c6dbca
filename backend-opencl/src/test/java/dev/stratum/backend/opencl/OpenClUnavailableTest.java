package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The provider in child JVMs where OpenCL really is missing: once with the ICD loader but no driver
 * ({@code OCL_ICD_VENDORS} pointing at an empty folder), once without a loadable {@code
 * libOpenCL.so} (hidden by a bind mount in a private mount namespace, where {@code unshare} is
 * allowed). The JVM must survive, report the backend unavailable at the lowest priority, and say
 * what to install.
 */
class OpenClUnavailableTest {

  @TempDir Path temp;

  @Test
  void withoutADriverTheReasonNamesTheMissingPlatform() throws Exception {
    requireLibOpenCl(findLibOpenCl());
    Path empty = Files.createDirectories(temp.resolve("vendors"));
    List<String> output = runProbe(List.of(), "OCL_ICD_VENDORS", empty.toString());
    assertThat(output)
        .contains("available=false", "priority=" + OpenClBackendProvider.CPU_PRIORITY);
    assertThat(reason(output))
        .startsWith("no OpenCL platform found (CL_PLATFORM_NOT_FOUND_KHR")
        .contains("pocl-opencl-icd");
    assertThat(line(output, "describe=")).contains("opencl").contains("CL_PLATFORM_NOT_FOUND_KHR");
  }

  @Test
  void withoutLibOpenClTheReasonSaysToInstallTheLoader() throws Exception {
    Path library = findLibOpenCl();
    requireLibOpenCl(library);
    Path real = library.toRealPath();
    List<String> probe = List.of("unshare", "-rm", "true");
    Process check = new ProcessBuilder(probe).redirectErrorStream(true).start();
    boolean canHide = check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0;
    String missing = "unshare -rm is not allowed here, so libOpenCL.so cannot be hidden";
    if (!canHide && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(missing + " (CI=true: the CI machine allows user namespaces)");
    }
    Assumptions.assumeTrue(canHide, missing);
    List<String> output =
        runProbe(
            List.of(
                "unshare",
                "-rm",
                "sh",
                "-c",
                "mount --bind /dev/null " + real + " && exec \"$@\"",
                "sh"),
            null,
            null);
    assertThat(output).contains("available=false");
    assertThat(reason(output))
        .startsWith("libOpenCL.so could not be loaded (java.lang.UnsatisfiedLinkError")
        .contains("ocl-icd-opencl-dev");
  }

  private static Path findLibOpenCl() {
    for (String dir :
        List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")) {
      Path candidate = Path.of(dir, "libOpenCL.so");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String reason(List<String> output) {
    return line(output, "reason=");
  }

  private static String line(List<String> output, String prefix) {
    return output.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + output));
  }

  private List<String> runProbe(List<String> wrapper, String envName, String envValue)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ProbeMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (envName != null) {
      builder.environment().put(envName, envValue);
    }
    Process process = builder.start();
    byte[] bytes = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("child JVM exit status; output:%n%s", text).isZero();
    return text.lines().toList();
  }

  /**
   * Skips, naming the package, when there is no ICD loader to test with; under CI=true, which
   * installs it (.ci/run), fails instead.
   */
  private static void requireLibOpenCl(Path library) {
    if (library == null) {
      String missing = "no ICD loader (libOpenCL.so) installed: apt-get install ocl-icd-opencl-dev";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      Assumptions.abort(missing);
    }
  }
}
