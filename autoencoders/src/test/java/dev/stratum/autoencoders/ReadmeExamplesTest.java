package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.testing.FashionSubset;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java blocks of the READMEs, cut out verbatim: the top README's "Training an autoencoder"
 * program is compiled and run on the shipped subset; the Java blocks of this module's README are
 * compiled (what they compute runs on the subset in {@code ApplicationsSubsetTest} and {@code
 * SubsetTrainingTest}).
 */
class ReadmeExamplesTest {

  static final Path TOP = Path.of("..", "README.md");
  static final Path MODULE = Path.of("README.md");

  /**
   * Every Java block of {@code file} after the heading {@code ## title} (to the next {@code ##}).
   */
  static List<String> blocks(Path file, String title) throws IOException {
    String text = Files.readString(file);
    int section = text.indexOf("\n## " + title + "\n");
    assertThat(section).as("%s section '%s'", file, title).isNotNegative();
    int end = text.indexOf("\n## ", section + 1);
    String body = text.substring(section, end < 0 ? text.length() : end);
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(body);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** Compiles {@code sources} (each a public class named by its declaration) into a loader. */
  static URLClassLoader compile(Path dir, List<String> sources) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                dir.resolve("classes").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    Files.createDirectories(dir.resolve("classes"));
    Pattern name = Pattern.compile("public (?:final )?class (\\w+)");
    for (String source : sources) {
      Matcher m = name.matcher(source);
      assertThat(m.find()).as("a public class in\n%s", source).isTrue();
      Path file = src.resolve(m.group(1) + ".java");
      Files.writeString(file, source);
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, args.toArray(String[]::new)))
        .as("javac exit status")
        .isZero();
    return new URLClassLoader(
        new URL[] {dir.resolve("classes").toUri().toURL()},
        ReadmeExamplesTest.class.getClassLoader());
  }

  @Test
  void theTopReadmesDenoiserCompilesRunsAndLearns(@TempDir Path dir) throws Exception {
    List<String> sources = blocks(TOP, "Training an autoencoder");
    assertThat(sources).hasSize(1);
    try (URLClassLoader loader = compile(dir, sources)) {
      Method train = loader.loadClass("TrainDenoiser").getMethod("train", Path.class, Path.class);
      double loss = (double) train.invoke(null, FashionSubset.folder(), dir.resolve("runs"));
      // the subset's 200 test images: predicting the mean image gives about 0.088 (the subset's
      // variance per pixel); measured 0.0732 after 5 epochs of 8 steps on its 1,000 images (on
      // full Fashion-MNIST the same program reaches far lower)
      assertThat(loss).isLessThan(0.08);
    }
    assertThat(dir.resolve("runs/denoiser").resolve(Checkpoint.MODEL_JSON)).isRegularFile();
  }

  @Test
  void everyJavaBlockOfTheModuleReadmeCompiles(@TempDir Path dir) throws Exception {
    List<String> sources = new ArrayList<>(blocks(MODULE, "The kinds"));
    sources.addAll(blocks(MODULE, "Applications"));
    assertThat(sources).hasSize(2);
    try (URLClassLoader loader = compile(dir, sources)) {
      assertThat(
              loader.loadClass("Kinds").getMethod("sparse", dev.stratum.layers.LayerOptions.class))
          .isNotNull();
      assertThat(loader.loadClass("ApplicationExamples").getMethods()).hasSizeGreaterThan(5);
    }
  }
}
