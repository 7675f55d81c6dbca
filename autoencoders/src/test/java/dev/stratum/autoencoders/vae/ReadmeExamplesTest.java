package dev.stratum.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testing.FashionSubset;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the module README's VAE and GAN programs verbatim: each Java block is cut out of README.md,
 * compiled against the test class path and run on the shipped Fashion-MNIST subset for a few
 * epochs.
 */
class ReadmeExamplesTest {

  static final Path README = Path.of("README.md");

  /** The first Java block after the heading {@code ## title}. */
  static String block(String title) throws IOException {
    String text = Files.readString(README);
    int section = text.indexOf("\n## " + title + "\n");
    assertThat(section).as("README section '%s'", title).isNotNegative();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find(section)).as("a Java block in '%s'", title).isTrue();
    return m.group(1);
  }

  static Method compile(Path dir, String title, String className, Class<?>... parameters)
      throws Exception {
    Path source = dir.resolve("src/" + className + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, block(title));
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
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ReadmeExamplesTest.class.getClassLoader());
    return loader.loadClass(className).getMethod("train", parameters);
  }

  /**
   * 3 epochs on the subset: the test −ELBO falls below 400 nats from about 543 (logits near 0 cost
   * ln 2 per pixel, 784·ln 2 = 543).
   */
  @Test
  void theVaeExampleCompilesRunsAndLearns(@TempDir Path dir) throws Exception {
    Method train =
        compile(dir, "Variational autoencoder", "TrainVae", Path.class, int.class, Path.class);
    Path png = dir.resolve("vae.png");
    double negativeElbo = (double) train.invoke(null, FashionSubset.folder(), 3, png);
    assertThat(negativeElbo).isBetween(100.0, 400.0);
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(8 * (56 + 2) + 2);
  }

  /** One epoch on the subset: the parts are reported and the grid is written. */
  @Test
  @SuppressWarnings("unchecked")
  void theGanExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
    Method train = compile(dir, "GAN", "TrainGan", Path.class, int.class, Path.class);
    Path png = dir.resolve("gan.png");
    Map<String, Double> last =
        (Map<String, Double>) train.invoke(null, FashionSubset.folder(), 1, png);
    assertThat(last).containsOnlyKeys("loss", "discriminator", "d_real", "d_fake");
    assertThat(last.get("discriminator")).isPositive();
    assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(8 * (56 + 2) + 2);
  }
}
