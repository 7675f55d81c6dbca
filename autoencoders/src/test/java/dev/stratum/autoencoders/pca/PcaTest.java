package dev.stratum.autoencoders.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Dataset;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.FashionSubset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PcaTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  /** Orthonormal axes: Gram–Schmidt of seeded Gaussian vectors. */
  static double[][] axes(int d, long seed) {
    Random r = new Random(seed);
    double[][] q = new double[d][d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < d; i++) {
        q[j][i] = r.nextGaussian();
      }
      for (int i = 0; i < j; i++) {
        double dot = dot(q[i], q[j]);
        for (int x = 0; x < d; x++) {
          q[j][x] -= dot * q[i][x];
        }
      }
      double norm = Math.sqrt(dot(q[j], q[j]));
      for (int x = 0; x < d; x++) {
        q[j][x] /= norm;
      }
    }
    return q;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** n samples {@code 0.5 + Σ_j scale_j·z_j·axis_j}, z ~ N(0, 1). */
  static ArrayDataset gaussian(int n, double[][] axes, double[] scales, long seed) {
    int d = axes[0].length;
    Random r = new Random(seed);
    float[] x = new float[n * d];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < scales.length; j++) {
        double z = r.nextGaussian() * scales[j];
        for (int i = 0; i < d; i++) {
          x[s * d + i] += (float) (z * axes[j][i]);
        }
      }
      for (int i = 0; i < d; i++) {
        x[s * d + i] += 0.5f;
      }
    }
    return ArrayDataset.of(x, new int[] {d}, new float[n], new int[] {});
  }

  /** The sample covariance in double, straight from the definition. */
  static double[][] covariance(Dataset data) {
    int n = data.size();
    int d = data.inputSize();
    double[] mean = new double[d];
    for (int s = 0; s < n; s++) {
      float[] x = data.input(s);
      for (int i = 0; i < d; i++) {
        mean[i] += x[i] / (double) n;
      }
    }
    double[][] c = new double[d][d];
    for (int s = 0; s < n; s++) {
      float[] x = data.input(s);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += (x[i] - mean[i]) * (x[j] - mean[j]) / (n - 1);
        }
      }
    }
    return c;
  }

  /**
   * On data with known axes (deviations 3, 1, 0.3, 0.1, 0.05 along an orthonormal basis of R^6,
   * 4,000 samples): the components are orthonormal, their variances are the Rayleigh quotients
   * {@code vᵀCv} of the double-precision sample covariance, and they line up with the axes.
   * Sampling error of a direction is about {@code σ_i σ_j / ((σ_i² − σ_j²) √n)} ≈ 0.006 for the
   * closest pair of the first three; the test asks for {@code |cos| > 0.99}.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void componentsAreTheAxesAndVariancesTheRayleighQuotients(String name) {
    Backend b = Backends.get(name);
    double[][] axes = axes(6, 7);
    double[] scales = {3, 1, 0.3, 0.1, 0.05};
    ArrayDataset data = gaussian(4000, axes, scales, 8);
    Pca pca = Pca.fit(data, 4, b);
    double[][] c = covariance(data);
    double trace = 0;
    for (int i = 0; i < 6; i++) {
      trace += c[i][i];
    }
    assertThat(pca.totalVariance()).isCloseTo(trace, within(1e-5 * trace));
    double[] variance = pca.explainedVariance();
    double[] ratio = pca.explainedVarianceRatio();
    for (int k = 0; k < 4; k++) {
      double[] v = pca.component(k);
      for (int j = 0; j <= k; j++) {
        assertThat(dot(v, pca.component(j))).isCloseTo(k == j ? 1 : 0, within(1e-12));
      }
      double[] cv = new double[6];
      for (int i = 0; i < 6; i++) {
        cv[i] = dot(c[i], v);
      }
      assertThat(variance[k]).as("λ%d", k).isCloseTo(dot(v, cv), within(1e-5 * variance[0]));
      assertThat(ratio[k]).isCloseTo(variance[k] / trace, within(1e-6));
      if (k < 3) {
        assertThat(Math.abs(dot(v, axes[k]))).as("|cos| of component %d", k).isGreaterThan(0.99);
      }
      // the sign rule
      double largest = 0;
      for (double x : v) {
        largest = Math.abs(x) > Math.abs(largest) ? x : largest;
      }
      assertThat(largest).isPositive();
    }
    assertThat(variance[0]).isCloseTo(9, within(0.6)); // 9 ± 3 standard errors (9·√(2/4000))
  }

  /**
   * {@code inverseTransform(transform(x))}: exact with every component; with k of them, the mean
   * squared error over the fitted data is {@code Σ_{i>k} λ_i · (n − 1)/n / d}.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void inverseTransformReconstructsFromTheKeptComponents(String name) {
    Backend b = Backends.get(name);
    ArrayDataset data = gaussian(500, axes(5, 3), new double[] {2, 1, 0.5, 0.2, 0.1}, 4);
    Pca all = Pca.fit(data, 5, b);
    Pca two = Pca.fit(data, 2, b);
    try (TensorScope scope = TensorScope.open()) {
      float[] x = new float[500 * 5];
      for (int s = 0; s < 500; s++) {
        data.copyInput(s, x, s * 5);
      }
      Tensor batch = Tensor.of(b, x, 500, 5);
      assertThat(two.transform(batch).shape()).containsExactly(500, 2);
      float[] back = all.inverseTransform(all.transform(batch)).toArray();
      for (int i = 0; i < x.length; i++) {
        assertThat(back[i]).isCloseTo(x[i], within(2e-5f));
      }
      float[] approx = two.inverseTransform(two.transform(batch)).toArray();
      double mse = 0;
      for (int i = 0; i < x.length; i++) {
        mse += (approx[i] - x[i]) * (double) (approx[i] - x[i]) / x.length;
      }
      double[] lambda = all.explainedVariance();
      double expected = (lambda[2] + lambda[3] + lambda[4]) * 499 / 500 / 5;
      assertThat(mse).isCloseTo(expected, within(1e-4 * expected + 1e-9));
      assertThatThrownBy(() -> two.inverseTransform(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Pca(5 -> 2).inverseTransform: a batch of shape [500, 5] does not hold 2 values per"
                  + " sample");
    }
    assertThatThrownBy(() -> Pca.fit(data, 6, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pca: the number of components must be in [1, 5], got 6");
  }

  /**
   * The shipped subset's 1,000 training images against NumPy's {@code linalg.eigh} of {@code
   * np.cov} in double: the first ten explained-variance ratios to 1e-5 (float32 covariance
   * products: relative error about 1e-6) and the first five components to {@code |cos| > 0.99999}.
   */
  @Test
  void theSubsetsComponentsMatchNumPy() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    if (!numpy(python)) {
      String missing =
          "/usr/bin/python3 with NumPy is not installed: apt-get install python3-numpy";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      Assumptions.abort("skipped: " + missing);
    }
    Path images = FashionSubset.folder().resolve("train-images-idx3-ubyte.gz");
    String script =
        String.join(
            "\n",
            "import gzip, sys, numpy as np",
            "x = np.frombuffer(gzip.open(sys.argv[1]).read(), np.uint8, offset=16)",
            "x = x.reshape(-1, 784).astype(np.float64) / 255",
            "c = np.cov(x.T)",
            "w, v = np.linalg.eigh(c)",
            "w, v = w[::-1], v[:, ::-1]",
            "print(' '.join(repr(r) for r in w[:10] / np.trace(c)))",
            "for i in range(5): print(' '.join(repr(e) for e in v[:, i]))");
    Process p = new ProcessBuilder(python.toString(), "-c", script, images.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
    String[] lines = out.strip().split("\n");
    double[] expected =
        Arrays.stream(lines[0].split(" ")).mapToDouble(Double::parseDouble).toArray();
    Pca pca = Pca.fit(FashionSubset.load().train(), 10, Backends.get());
    assertThat(pca.explainedVarianceRatio()).containsExactly(expected, within(1e-5));
    for (int i = 0; i < 5; i++) {
      double[] v =
          Arrays.stream(lines[i + 1].split(" ")).mapToDouble(Double::parseDouble).toArray();
      assertThat(Math.abs(dot(v, pca.component(i)))).as("component %d", i).isGreaterThan(0.99999);
    }
  }

  static boolean numpy(Path python) throws IOException, InterruptedException {
    if (!Files.isExecutable(python)) {
      return false;
    }
    Process p = new ProcessBuilder(python.toString(), "-c", "import numpy").start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
