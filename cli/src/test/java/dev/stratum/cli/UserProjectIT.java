package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uses Stratum as a user would, from the README alone: {@code ./mvnw install} into a repository of
 * its own (the user's ~/.m2 is never touched; it only serves as a read-only tail for plugins), then
 * a separate Maven project made of the README's dependency snippet, its first program and its
 * training example, compiled against the installed artifacts and run.
 */
class UserProjectIT {

  private static final Path ROOT =
      Path.of(System.getProperty("stratum.testdata", "../testdata")).toAbsolutePath().getParent();

  @TempDir Path dir;

  @Test
  void theReadmeSnippetAndProgramsBuildAndRunAgainstTheInstalledArtifacts() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String dependencies = block(readme, "## Using Stratum from your own project", "xml");
    String firstProgram = block(readme, "## A first program", "java");
    String training = block(readme, "## Training a model", "java");
    assertThat(firstProgram).contains("public class FirstProgram").contains("main(String[] args)");
    assertThat(training).contains("public class TrainFashion");

    Path repository = dir.resolve("repository");
    List<String> maven = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q"));
    if ("offline=true".equals(System.getProperty("stratum.offline"))) {
      maven.add("-o");
    }
    maven.add("-Dmaven.repo.local=" + repository);
    maven.add(
        "-Dmaven.repo.local.tail="
            + System.getProperty(
                "stratum.localRepository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));

    // what the README says: ./mvnw install (here only the modules the snippet names, and their
    // parents and the BOM, without tests: the outer build has just run them)
    List<String> install = new ArrayList<>(maven);
    install.addAll(
        List.of(
            "install",
            "-DskipTests",
            "-Dfmt.skip",
            "-pl",
            "bom,api,backend-vector,layers,optimizers,training",
            "-am"));
    Result installed = run(ROOT, install);
    assertThat(installed.code()).as(installed.output()).isZero();
    assertThat(repository.resolve("dev/stratum/stratum-bom/0.1.0-SNAPSHOT")).isDirectory();

    Path project = dir.resolve("first-project");
    Files.createDirectories(project.resolve("src/main/java"));
    try (InputStream template = UserProjectIT.class.getResourceAsStream("/user-project/pom.xml")) {
      String pom = new String(template.readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(project.resolve("pom.xml"), pom.replace("<!-- README -->", dependencies));
    }
    Files.writeString(project.resolve("src/main/java/FirstProgram.java"), firstProgram);
    Files.writeString(project.resolve("src/main/java/TrainFashion.java"), training);
    List<String> build = new ArrayList<>(maven);
    build.addAll(List.of("compile", "exec:exec"));
    Result ran = run(project, build);
    assertThat(ran.code()).as(ran.output()).isZero();
    assertThat(ran.output()).contains("training accuracy after 200 steps: 100.0%");
    assertThat(project.resolve("target/classes/TrainFashion.class")).isRegularFile();
  }

  /** The first fenced block of {@code language} after {@code heading}. */
  private static String block(String readme, String heading, String language) {
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as("README heading " + heading).isNotNegative();
    Matcher m =
        Pattern.compile("```" + language + "\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(readme.substring(start));
    assertThat(m.find()).as("a " + language + " block under " + heading).isTrue();
    return m.group(1) + "\n";
  }

  record Result(int code, String output) {}

  private static Result run(Path directory, List<String> command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("STRATUM_BACKEND");
    builder.environment().remove("MAVEN_OPTS");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
