package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./mvnw gives Maven the flag that silences JDK 25's Unsafe warning only on a JDK that knows it, so
 * that with JAVA_HOME at Java 17 Maven starts and the build's own check says what to do. A stand-in
 * JDK whose java prints its arguments shows what Maven would have been started with.
 */
class WrapperTest {

  private static final Path ROOT =
      Path.of(System.getProperty("stratum.testdata", "../testdata")).toAbsolutePath().getParent();

  @TempDir Path dir;

  private String javaArguments(String version) throws Exception {
    Path jdk = dir.resolve("jdk-" + version);
    Files.createDirectories(jdk.resolve("bin"));
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + version + ".0.1\"\n");
    for (String tool : new String[] {"java", "javac"}) {
      Path file =
          Files.writeString(jdk.resolve("bin").resolve(tool), "#!/bin/sh\necho \"args: $*\"\n");
      file.toFile().setExecutable(true);
    }
    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-v")
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", jdk.toString());
    builder.environment().remove("MAVEN_OPTS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("the stand-in java was started").contains("args: ");
    return output;
  }

  @Test
  void java17GetsNoFlagItWouldRefuse() throws Exception {
    assertThat(javaArguments("17")).doesNotContain("--sun-misc-unsafe-memory-access");
  }

  @Test
  void java25GetsTheFlagThatSilencesMavensUnsafeWarning() throws Exception {
    assertThat(javaArguments("25")).contains("--sun-misc-unsafe-memory-access=allow");
  }
}
