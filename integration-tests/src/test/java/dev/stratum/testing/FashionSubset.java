package dev.stratum.testing;

import dev.stratum.data.FashionMnist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The Fashion-MNIST subset shipped in the test resources: 1000 training images (100 per class) and
 * 200 test images (20 per class), made by {@code scripts/make-fashion-subset.sh}.
 */
public final class FashionSubset {

  private FashionSubset() {}

  /** The folder of the shipped subset. */
  public static Path folder() {
    try {
      return Path.of(FashionSubset.class.getResource("/fashion-mnist-subset").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
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
