package dev.stratum.spark;

import dev.stratum.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One training sample as an RDD element: its input and its target as flat float arrays, row-major
 * in the shapes the {@link SparkTrainer} is given ({@code inputShape}, {@code targetShape}; a class
 * index is a one-element target). The arrays are not copied.
 *
 * @param features the input, {@code inputShape} elements
 * @param labels the target, {@code targetShape} elements
 */
public record Sample(float[] features, float[] labels) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks that both arrays are present. */
  public Sample {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
  }

  /** A sample whose target is one number (a class index). */
  public static Sample of(float[] features, float label) {
    return new Sample(features, new float[] {label});
  }

  /** Every sample of {@code dataset}, in order, as new arrays (to hand to {@code parallelize}). */
  public static List<Sample> of(Dataset dataset) {
    List<Sample> samples = new ArrayList<>(dataset.size());
    for (int i = 0; i < dataset.size(); i++) {
      samples.add(new Sample(dataset.input(i), dataset.target(i)));
    }
    return samples;
  }
}
