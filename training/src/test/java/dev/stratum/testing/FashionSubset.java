package dev.stratum.testing;

import dev.stratum.data.FashionMnist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Fashion-MNIST subset shipped in the test resources: 1000 training images (100 per class) and
 * 200 test images (20 per class), made by {@code scripts/make-fashion-subset.sh}.
 */
public final class FashionSubset {

  private FashionSubset() {}

  /**
   * The folder of the shipped subset, {@code testdata/fashion-mnist-subset} at the top of the
   * repository, which the build passes to every test JVM as the system property {@code
   * stratum.testdata}.
   */
  public static Path folder() {
    String testdata = System.getProperty("stratum.testdata");
    if (testdata == null) {
      throw new IllegalStateException(
          "the system property stratum.testdata is not set: run the tests through Maven, or pass"
              + " -Dstratum.testdata=<repository>/testdata");
    }
    Path folder = Path.of(testdata, "fashion-mnist-subset");
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException(
          "the Fashion-MNIST subset is not at " + folder + " (stratum.testdata=" + testdata + ")");
    }
    return folder;
  }

  /** The subset's training and test sets. */
  public static FashionMnist.Split load() {
    try {
      return FashionMnist.load(folder());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
