package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Reads the real Fashion-MNIST from Debian's {@code dataset-fashion-mnist} package. Elsewhere it
 * skips with one line saying what to install; with {@code CI=true} (CI installs the package) it
 * fails instead.
 */
class FashionMnistFullTest {

  private static FashionMnist.Split data;
  private static String missing;

  @BeforeAll
  static void load() throws IOException {
    Path folder = Path.of(FashionMnist.DEFAULT_FOLDER);
    if (!Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz"))) {
      missing =
          "Fashion-MNIST is not installed in " + folder + ": apt-get install dataset-fashion-mnist";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      // an abort in @BeforeAll is reported as 0 tests and no message: say it, and skip each test
      System.out.println("FashionMnistFullTest skipped: " + missing);
      return;
    }
    data = FashionMnist.load(folder);
  }

  @BeforeEach
  void needsTheData() {
    if (missing != null) {
      throw new TestAbortedException("skipped: " + missing);
    }
  }

  @Test
  void hasSixtyThousandTrainingAndTenThousandTestImagesBalancedOverTenClasses() {
    assertThat(data.train().size()).isEqualTo(60_000);
    assertThat(data.test().size()).isEqualTo(10_000);
    assertThat(classCounts(data.train())).containsOnly(6_000);
    assertThat(classCounts(data.test())).containsOnly(1_000);
  }

  @Test
  void pixelStatisticsMatchThePublishedOnes() {
    // the published training-set statistics of x = u8 / 255 are mean 0.2860 and std 0.3530
    double sum = 0;
    double squares = 0;
    long count = 0;
    for (int i = 0; i < data.train().size(); i++) {
      for (float x : data.train().input(i)) {
        sum += x;
        squares += (double) x * x;
        count++;
      }
    }
    double mean = sum / count;
    double std = Math.sqrt(squares / count - mean * mean);
    assertThat(count).isEqualTo(60_000L * 784);
    assertThat(mean).isCloseTo(0.2860, within(5e-5));
    assertThat(std).isCloseTo(0.3530, within(5e-5));
  }

  private static int[] classCounts(Dataset set) {
    int[] counts = new int[10];
    for (int i = 0; i < set.size(); i++) {
      counts[(int) set.target(i)[0]]++;
    }
    return counts;
  }
}
