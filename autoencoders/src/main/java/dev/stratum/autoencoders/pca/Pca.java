package dev.stratum.autoencoders.pca;

import dev.stratum.backend.Backend;
import dev.stratum.data.Dataset;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;

/**
 * Principal component analysis, the linear baseline of the autoencoders: with the mean {@code μ}
 * and the covariance {@code C = (1/(n−1)) Σ (x − μ)(x − μ)ᵀ} of the data, the components are the
 * unit eigenvectors {@code v_1, …, v_k} of {@code C} with the largest eigenvalues {@code λ_1 ≥ … ≥
 * λ_k}, and
 *
 * <pre>
 *   transform(x) = V·(x − μ),   inverseTransform(z) = Vᵀ·z + μ,   ratio_i = λ_i / trace(C)
 * </pre>
 *
 * with {@code V} the {@code k × d} matrix of the components as rows.
 *
 * <p><b>Precision.</b> The mean is summed in double on the host; {@code Σ (x − μ)(x − μ)ᵀ} is a
 * float32 matrix product on the backend over chunks of {@value #CHUNK} centred samples, the chunks'
 * products summed in double on the host; the eigendecomposition ({@link SymmetricEigen}) is in
 * double on the host, so {@code d} up to a few thousand. {@link #transform} and {@link
 * #inverseTransform} run on the input's backend in float32.
 *
 * <p><b>Signs.</b> A component is defined up to its sign: each is flipped so that its entry of
 * largest magnitude is positive (the first of those within 1e-9 of it, on ties; {@link
 * SymmetricEigen#fixSigns}).
 */
public final class Pca {

  /** Centred samples per covariance product on the backend. */
  public static final int CHUNK = 2048;

  private final double[] mean;
  private final double[][] components;
  private final double[] variances;
  private final double totalVariance;

  private Pca(double[] mean, double[][] components, double[] variances, double totalVariance) {
    this.mean = mean;
    this.components = components;
    this.variances = variances;
    this.totalVariance = totalVariance;
  }

  /**
   * Fits {@code k} components to the inputs of {@code data} (each sample flattened to {@code d}
   * values), computing the covariance on {@code backend}.
   *
   * @throws IllegalArgumentException if {@code k} is not in {@code [1, d]} or there are fewer than
   *     two samples
   */
  public static Pca fit(Dataset data, int k, Backend backend) {
    int n = data.size();
    int d = data.inputSize();
    if (k < 1 || k > d) {
      throw new IllegalArgumentException(
          "Pca: the number of components must be in [1, " + d + "], got " + k);
    }
    if (n < 2) {
      throw new IllegalArgumentException("Pca: need at least 2 samples, got " + n);
    }
    double[] mean = new double[d];
    float[] row = new float[d];
    for (int s = 0; s < n; s++) {
      data.copyInput(s, row, 0);
      for (int i = 0; i < d; i++) {
        mean[i] += row[i];
      }
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= n;
    }
    double[][] covariance = new double[d][d];
    try (NoGrad off = Autograd.noGrad()) {
      float[] chunk = new float[Math.multiplyExact(Math.min(CHUNK, n), d)];
      for (int start = 0; start < n; start += CHUNK) {
        int rows = Math.min(CHUNK, n - start);
        for (int s = 0; s < rows; s++) {
          data.copyInput(start + s, row, 0);
          for (int i = 0; i < d; i++) {
            chunk[s * d + i] = (float) (row[i] - mean[i]);
          }
        }
        float[] product;
        try (TensorScope scope = TensorScope.open()) {
          Tensor x = Tensor.of(backend, Arrays.copyOf(chunk, rows * d), rows, d);
          product = x.matmul(x, true, false).toArray();
        }
        for (int i = 0; i < d; i++) {
          for (int j = 0; j <= i; j++) {
            covariance[i][j] += product[i * d + j];
          }
        }
      }
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        covariance[i][j] /= n - 1;
        covariance[j][i] = covariance[i][j];
      }
      trace += covariance[i][i];
    }
    SymmetricEigen eigen = SymmetricEigen.of(covariance);
    double[][] vectors = eigen.vectors();
    double[] values = eigen.values();
    return new Pca(mean, Arrays.copyOf(vectors, k), Arrays.copyOf(values, k), trace);
  }

  /** The number of components {@code k}. */
  public int components() {
    return components.length;
  }

  /** The dimension {@code d} of a sample. */
  public int dimension() {
    return mean.length;
  }

  /** The mean {@code μ} of the data. */
  public double[] mean() {
    return mean.clone();
  }

  /** Component {@code i} ({@code v_{i+1}}, unit length), largest variance first. */
  public double[] component(int i) {
    return components[i].clone();
  }

  /** The variances {@code λ_1 … λ_k} along the components. */
  public double[] explainedVariance() {
    return variances.clone();
  }

  /** {@code λ_i / trace(C)}: the share of the total variance along each component. */
  public double[] explainedVarianceRatio() {
    double[] ratio = new double[variances.length];
    for (int i = 0; i < ratio.length; i++) {
      ratio[i] = variances[i] / totalVariance;
    }
    return ratio;
  }

  /** {@code trace(C)}, the total variance of the data. */
  public double totalVariance() {
    return totalVariance;
  }

  /**
   * {@code V·(x − μ)} for each sample of a batch {@code [N, ...]} ({@code d} values each): {@code
   * [N, k]}.
   */
  public Tensor transform(Tensor x) {
    int n = checkBatch("transform", x, mean.length);
    Backend b = x.backend();
    return TensorScope.composite(
        () -> x.reshape(n, mean.length).sub(meanTensor(b)).matmul(componentTensor(b), false, true));
  }

  /** {@code Vᵀ·z + μ} for a batch of codes {@code [N, k]}: {@code [N, d]}. */
  public Tensor inverseTransform(Tensor z) {
    checkBatch("inverseTransform", z, components.length);
    Backend b = z.backend();
    return TensorScope.composite(() -> z.matmul(componentTensor(b)).add(meanTensor(b)));
  }

  private Tensor meanTensor(Backend b) {
    float[] m = new float[mean.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) mean[i];
    }
    return Tensor.of(b, m, m.length);
  }

  private Tensor componentTensor(Backend b) {
    int k = components.length;
    int d = mean.length;
    float[] v = new float[k * d];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < d; i++) {
        v[c * d + i] = (float) components[c][i];
      }
    }
    return Tensor.of(b, v, k, d);
  }

  private int checkBatch(String op, Tensor x, int perSample) {
    if (x.rank() < 2 || x.size() != x.dim(0) * perSample) {
      throw new IllegalArgumentException(
          "Pca("
              + mean.length
              + " -> "
              + components.length
              + ")."
              + op
              + ": a batch of shape "
              + Arrays.toString(x.shape())
              + " does not hold "
              + perSample
              + " values per sample");
    }
    return x.dim(0);
  }

  @Override
  public String toString() {
    return "Pca(" + mean.length + " -> " + components.length + ")";
  }
}
