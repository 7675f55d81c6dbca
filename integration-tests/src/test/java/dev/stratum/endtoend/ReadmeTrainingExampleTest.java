package dev.stratum.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.callback.LearningRateCallback;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.layers.Dense;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.testing.FashionSubset;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's "Training a model" program verbatim: the Java block is cut out of README.md,
 * compiled against the test class path and run on the shipped Fashion-MNIST subset; and the JSON
 * spec of "Optimizers and schedules" is built.
 */
class ReadmeTrainingExampleTest {

  static final Path README = Path.of("..", "README.md");

  /** The first block in {@code language} after the heading {@code ## title}. */
  static String block(String title, String language) throws IOException {
    String text = Files.readString(README);
    int section = text.indexOf("\n## " + title + "\n");
    assertThat(section).as("README section '%s'", title).isNotNegative();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find(section)).as("a %s block in '%s'", language, title).isTrue();
    return m.group(1);
  }

  @Test
  void theTrainingExampleCompilesRunsAndLearns(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("src/TrainFashion.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, block("Training a model", "java"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            source.toString());
    assertThat(status).as("javac exit status").isZero();

    Path runs = dir.resolve("runs");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method train = loader.loadClass("TrainFashion").getMethod("train", Path.class, Path.class);
      double accuracy = (double) train.invoke(null, FashionSubset.folder(), runs);
      // 900 training images, 100 validation images, 10 classes: chance is 0.1
      assertThat(accuracy).isGreaterThan(0.6);
    }
    assertThat(runs.resolve("last").resolve(Checkpoint.MODEL_WEIGHTS)).isRegularFile();
    assertThat(runs.resolve("last").resolve(Checkpoint.OPTIMIZER_STATE)).isRegularFile();
    assertThat(runs.resolve("best").resolve(Checkpoint.MODEL_JSON)).isRegularFile();
  }

  @Test
  void theOptimizerSpecBuilds() throws IOException {
    String json = block("Optimizers and schedules", "json");
    try (Dense dense = new Dense(4, 2)) {
      OptimizerSpec.Built built = OptimizerSpec.builtIn().build(json, dense.parameters());
      try (var ignored = built.optimizer()) {
        assertThat(built.optimizer().groups()).hasSize(2);
        assertThat(built.optimizer().groups().get(1).weightDecay()).isZero();
        assertThat(built.callbacks()).singleElement().isInstanceOf(LearningRateCallback.class);
        assertThat(built.schedule().factor(0)).isZero();
        assertThat(built.schedule().factor(500)).isEqualTo(1.0);
      }
    }
  }
}
