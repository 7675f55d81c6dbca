package dev.stratum.autoencoders.eval;

import java.util.stream.IntStream;

/**
 * The k-nearest-neighbour classifier as a measure of a code: the share of {@code test} samples
 * whose class is the majority class of their {@code k} nearest {@code train} samples in Euclidean
 * distance. Neighbours at equal distance are taken in index order; a tie between classes in the
 * vote goes to the class of the nearest neighbour among the tied ones. Brute force, {@code O(n_test
 * · n_train · d)}, split over the common fork-join pool.
 */
public final class NearestNeighbours {

  private NearestNeighbours() {}

  /** The k-NN accuracy of {@code test} against {@code train}, both labelled, same dimension. */
  public static double accuracy(Features train, Features test, int k) {
    int[] trainLabels = train.requireLabels();
    int[] testLabels = test.requireLabels();
    if (train.dimension() != test.dimension()) {
      throw new IllegalArgumentException(
          "k-NN: train rows have " + train.dimension() + " values, test rows " + test.dimension());
    }
    if (k < 1 || k > train.count()) {
      throw new IllegalArgumentException("k-NN: k must be in [1, " + train.count() + "], got " + k);
    }
    int classes = 0;
    for (int label : trainLabels) {
      classes = Math.max(classes, label + 1);
    }
    int classCount = classes;
    long correct =
        IntStream.range(0, test.count())
            .parallel()
            .filter(q -> classify(train, trainLabels, test, q, k, classCount) == testLabels[q])
            .count();
    return correct / (double) test.count();
  }

  /** The predicted class of test row {@code q}. */
  static int classify(Features train, int[] labels, Features test, int q, int k, int classes) {
    int d = train.dimension();
    float[] x = train.values();
    float[] y = test.values();
    // the k best so far, sorted by (distance, index), nearest first
    double[] best = new double[k];
    int[] bestIndex = new int[k];
    int filled = 0;
    for (int i = 0; i < train.count(); i++) {
      double sum = 0;
      for (int j = 0; j < d; j++) {
        double diff = x[i * d + j] - y[q * d + j];
        sum += diff * diff;
      }
      if (filled == k && sum >= best[k - 1]) {
        continue; // equal distance: the earlier index stays
      }
      int pos = filled == k ? k - 1 : filled++;
      while (pos > 0 && best[pos - 1] > sum) {
        best[pos] = best[pos - 1];
        bestIndex[pos] = bestIndex[pos - 1];
        pos--;
      }
      best[pos] = sum;
      bestIndex[pos] = i;
    }
    int[] votes = new int[classes];
    int top = 0;
    for (int r = 0; r < k; r++) {
      top = Math.max(top, ++votes[labels[bestIndex[r]]]);
    }
    for (int r = 0; r < k; r++) {
      if (votes[labels[bestIndex[r]]] == top) {
        return labels[bestIndex[r]]; // the nearest neighbour of a most-voted class
      }
    }
    throw new AssertionError("unreachable");
  }
}
