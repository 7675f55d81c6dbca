package dev.stratum.data;

import java.util.Arrays;

/**
 * {@code x ← (x − mean) / std}, either with one mean and deviation for every element or with one
 * per feature (input element). {@link #fit} and {@link #fitPerFeature} compute them from a data
 * set's inputs (population deviation, accumulated in double); a feature whose deviation is 0 is
 * only centred.
 */
public final class Normalization implements Transform {

  private final float[] mean;
  private final float[] std;

  private Normalization(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** The same mean and deviation for every element. */
  public static Normalization of(float mean, float std) {
    return perFeature(new float[] {mean}, new float[] {std});
  }

  /** A mean and a deviation per feature; the arrays are copied. */
  public static Normalization perFeature(float[] mean, float[] std) {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "normalization: "
              + mean.length
              + " means and "
              + std.length
              + " deviations; need the same positive number of each");
    }
    for (int i = 0; i < std.length; i++) {
      if (!Float.isFinite(mean[i]) || !(std[i] > 0) || !Float.isFinite(std[i])) {
        throw new IllegalArgumentException(
            "normalization: feature "
                + i
                + " needs a finite mean and a finite deviation > 0, got mean "
                + mean[i]
                + ", std "
                + std[i]);
      }
    }
    return new Normalization(mean.clone(), std.clone());
  }

  /** One mean and deviation over every input element of {@code dataset}. */
  public static Normalization fit(Dataset dataset) {
    Moments m = moments(dataset, false);
    return new Normalization(m.mean(), m.std());
  }

  /** A mean and deviation per input element of {@code dataset}. */
  public static Normalization fitPerFeature(Dataset dataset) {
    Moments m = moments(dataset, true);
    return new Normalization(m.mean(), m.std());
  }

  /** The means: one, or one per feature. */
  public float[] mean() {
    return mean.clone();
  }

  /** The deviations: one, or one per feature. */
  public float[] std() {
    return std.clone();
  }

  @Override
  public void apply(float[] values, int offset, int length, long epoch, int sample) {
    if (mean.length == 1) {
      float m = mean[0];
      float s = std[0];
      for (int i = 0; i < length; i++) {
        values[offset + i] = (values[offset + i] - m) / s;
      }
      return;
    }
    if (length != mean.length) {
      throw new IllegalArgumentException(
          "normalization: a sample has "
              + length
              + " elements but the normalization has "
              + mean.length
              + " features");
    }
    for (int i = 0; i < length; i++) {
      values[offset + i] = (values[offset + i] - mean[i]) / std[i];
    }
  }

  private record Moments(float[] mean, float[] std) {}

  private static Moments moments(Dataset dataset, boolean perFeature) {
    int n = dataset.size();
    if (n == 0) {
      throw new IllegalArgumentException("normalization: cannot fit an empty data set");
    }
    int d = dataset.inputSize();
    int features = perFeature ? d : 1;
    double[] sum = new double[features];
    double[] sumSq = new double[features];
    float[] row = new float[d];
    for (int s = 0; s < n; s++) {
      dataset.copyInput(s, row, 0);
      for (int i = 0; i < d; i++) {
        int f = perFeature ? i : 0;
        sum[f] += row[i];
        sumSq[f] += (double) row[i] * row[i];
      }
    }
    double count = perFeature ? n : (double) n * d;
    float[] mean = new float[features];
    float[] std = new float[features];
    for (int f = 0; f < features; f++) {
      double m = sum[f] / count;
      double variance = Math.max(0, sumSq[f] / count - m * m);
      mean[f] = (float) m;
      std[f] = variance > 0 ? (float) Math.sqrt(variance) : 1f;
    }
    return new Moments(mean, std);
  }

  @Override
  public String toString() {
    return mean.length == 1
        ? "Normalization(mean " + mean[0] + ", std " + std[0] + ")"
        : "Normalization(" + mean.length + " features, mean " + Arrays.toString(mean) + ")";
  }
}
