package dev.stratum.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testing.FashionSubset;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's recurrent example is {@code examples/RowByRowFashion.java} verbatim, and it learns
 * on the shipped Fashion-MNIST subset (1,000 training and 200 test images): after 4 epochs the test
 * accuracy is clearly above chance (0.1). The figure on the full data set is in the README.
 */
class ReadmeExampleTest {

  static final Path README = Path.of("..", "README.md");
  static final Path EXAMPLE =
      Path.of("src/test/java/dev/stratum/recurrent/examples/RowByRowFashion.java");

  @Test
  void theReadmeShowsTheExampleAsItIs() throws Exception {
    String text = Files.readString(README);
    int section = text.indexOf("\n## Recurrent networks\n");
    assertThat(section).as("README section 'Recurrent networks'").isNotNegative();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find(section)).isTrue();
    assertThat(m.group(1)).isEqualTo(Files.readString(EXAMPLE));
  }

  @Test
  void rowByRowLstmLearnsFashionMnistOnTheSubset() throws Exception {
    Class<?> example = Class.forName("RowByRowFashion");
    Method train = example.getMethod("train", Path.class, int.class);
    double[] accuracy = (double[]) train.invoke(null, FashionSubset.folder(), 4);
    assertThat(accuracy[accuracy.length - 1]).isGreaterThan(0.4);
  }
}
