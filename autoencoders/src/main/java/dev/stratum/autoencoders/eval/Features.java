package dev.stratum.autoencoders.eval;

import dev.stratum.backend.Backend;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Dataset;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One row of {@code dimension} floats per sample, on the host: a model's codes of a data set, its
 * per-sample scores, or the raw inputs, with the samples' class labels when the data set has them.
 *
 * @param values the rows one after another, {@code count × dimension}
 * @param count the number of samples
 * @param dimension the values per sample
 * @param labels the class index of each sample, or {@code null}
 */
public record Features(float[] values, int count, int dimension, int[] labels) {

  /** Checks that the sizes agree. */
  public Features {
    Objects.requireNonNull(values, "values");
    if (count < 0 || dimension < 1 || values.length != (long) count * dimension) {
      throw new IllegalArgumentException(
          "features: " + values.length + " values are not " + count + " rows of " + dimension);
    }
    if (labels != null && labels.length != count) {
      throw new IllegalArgumentException(
          "features: " + labels.length + " labels for " + count + " rows");
    }
  }

  /**
   * {@code map} applied to the inputs of {@code data} in batches of {@code batchSize} on {@code
   * backend}, without recording a graph: {@code map} takes a batch {@code [N, ...inputShape]} and
   * returns {@code [N, ...]} (an autoencoder's {@code encode}, {@code reconstructionErrors}, a
   * PCA's {@code transform}). The labels are the data set's targets when they are single whole
   * numbers.
   */
  public static Features of(
      Dataset data, UnaryOperator<Tensor> map, Backend backend, int batchSize) {
    int n = data.size();
    int in = data.inputSize();
    int[] shape = data.inputShape();
    float[] chunk = new float[Math.multiplyExact(Math.min(batchSize, Math.max(n, 1)), in)];
    float[] out = null;
    int dimension = 0;
    try (NoGrad off = Autograd.noGrad()) {
      for (int start = 0; start < n; start += batchSize) {
        int rows = Math.min(batchSize, n - start);
        for (int i = 0; i < rows; i++) {
          data.copyInput(start + i, chunk, i * in);
        }
        int[] batchShape = new int[shape.length + 1];
        batchShape[0] = rows;
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        try (TensorScope scope = TensorScope.open()) {
          Tensor result =
              map.apply(Tensor.of(backend, Arrays.copyOf(chunk, rows * in), batchShape));
          float[] values = result.toArray();
          if (out == null) {
            dimension = values.length / rows;
            out = new float[Math.multiplyExact(n, dimension)];
          }
          if (values.length != rows * dimension) {
            throw new IllegalArgumentException(
                "features: the map gave "
                    + Arrays.toString(result.shape())
                    + " for a batch of "
                    + rows
                    + ", not "
                    + dimension
                    + " values per sample");
          }
          System.arraycopy(values, 0, out, start * dimension, values.length);
        }
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("features: the data set is empty");
    }
    return new Features(out, n, dimension, labels(data));
  }

  /** The inputs of {@code data} themselves, flattened (raw pixels). */
  public static Features inputs(Dataset data) {
    int n = data.size();
    int d = data.inputSize();
    float[] values = new float[Math.multiplyExact(n, d)];
    for (int i = 0; i < n; i++) {
      data.copyInput(i, values, i * d);
    }
    return new Features(values, n, d, labels(data));
  }

  /** The class index of each sample, or {@code null} when targets are not single whole numbers. */
  public static int[] labels(Dataset data) {
    if (data.targetSize() != 1) {
      return null;
    }
    int[] labels = new int[data.size()];
    float[] t = new float[1];
    for (int i = 0; i < labels.length; i++) {
      data.copyTarget(i, t, 0);
      if (t[0] != Math.rint(t[0]) || t[0] < 0) {
        return null;
      }
      labels[i] = (int) t[0];
    }
    return labels;
  }

  /** Value {@code j} of row {@code i}. */
  public float get(int i, int j) {
    return values[i * dimension + j];
  }

  /** Column 0 as doubles: the scores when each sample has one value. */
  public double[] scores() {
    double[] s = new double[count];
    for (int i = 0; i < count; i++) {
      s[i] = values[i * dimension];
    }
    return s;
  }

  /** The samples' labels; throws when there are none. */
  public int[] requireLabels() {
    if (labels == null) {
      throw new IllegalStateException("features: these samples have no class labels");
    }
    return labels;
  }

  /** The rows at {@code indices}, in that order, with their labels. */
  public Features rows(int... indices) {
    float[] v = new float[Math.multiplyExact(indices.length, dimension)];
    int[] l = labels == null ? null : new int[indices.length];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(values, indices[r] * dimension, v, r * dimension, dimension);
      if (l != null) {
        l[r] = labels[indices[r]];
      }
    }
    return new Features(v, indices.length, dimension, l);
  }

  /** These rows as a data set whose targets are the labels (for {@link LinearProbe}). */
  public ArrayDataset asDataset() {
    int[] l = requireLabels();
    float[] targets = new float[count];
    for (int i = 0; i < count; i++) {
      targets[i] = l[i];
    }
    return ArrayDataset.of(values, new int[] {dimension}, targets, new int[] {});
  }
}
