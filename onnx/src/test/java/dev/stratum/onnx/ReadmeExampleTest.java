package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
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
 * The Java block of this module's README, cut out verbatim, compiled and run: the classifier it
 * exports gives in ONNX Runtime what it gives in Stratum, within {@link RoundTrip}'s tolerance.
 */
class ReadmeExampleTest {

  @TempDir Path dir;

  @Test
  void theReadmeProgramExportsAndRunsAClassifier() throws Exception {
    String text = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(block.find()).as("a java block in onnx/README.md").isTrue();
    String source = block.group(1);
    assertThat(block.find()).as("only one java block in onnx/README.md").isFalse();

    Path src = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(src.resolve("OnnxExample.java"), source);
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
            src.resolve("OnnxExample.java").toString());
    assertThat(status).as("javac exit status").isZero();

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> example = loader.loadClass("OnnxExample");
      Method classifier = example.getMethod("classifier", LayerOptions.class);
      Method exportAndRun =
          example.getMethod("exportAndRun", Sequential.class, Path.class, float[].class, int.class);
      Sequential model =
          (Sequential)
              classifier.invoke(null, LayerOptions.defaults().seed(3).on(RoundTrip.backend()));
      int n = 4;
      float[] pixels;
      float[] expected;
      try (TensorScope scope = TensorScope.open();
          NoGrad off = Autograd.noGrad()) {
        Tensor x = new Generator(5).uniform(RoundTrip.backend(), 0f, 1f, n, 784);
        pixels = x.toArray();
        expected = model.forward(x).toArray();
      }
      float[][] actual =
          (float[][]) exportAndRun.invoke(null, model, dir.resolve("model.onnx"), pixels, n);
      assertThat(actual).hasDimensions(n, 10);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 10; j++) {
          float e = expected[i * 10 + j];
          assertThat((double) actual[i][j])
              .as("output [%d, %d]", i, j)
              .isCloseTo(
                  e,
                  org.assertj.core.data.Offset.offset(
                      RoundTrip.ABSOLUTE + RoundTrip.RELATIVE * Math.abs(e)));
        }
      }
      OnnxChecker.check(dir.resolve("model.onnx"));
    }
  }
}
