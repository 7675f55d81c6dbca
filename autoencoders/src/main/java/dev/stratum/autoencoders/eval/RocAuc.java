package dev.stratum.autoencoders.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The area under the ROC curve of a score that should be higher for positives (anomalies) than for
 * negatives: the probability that a random positive scores above a random negative, ties counting
 * one half,
 *
 * <pre>
 *   AUC = (1 / (P·N)) Σ_{p ∈ pos} Σ_{n ∈ neg} ([s_p > s_n] + ½[s_p = s_n])
 * </pre>
 *
 * computed through ranks in {@code O(n log n)} (the Mann–Whitney U statistic): with {@code R} the
 * sum of the positives' ranks among all scores, tied scores sharing their average rank, {@code AUC
 * = (R − P(P + 1)/2) / (P·N)}. 1 is a perfect detector, 0.5 chance.
 */
public final class RocAuc {

  private RocAuc() {}

  /**
   * The AUC of {@code scores} for the labels {@code positive}.
   *
   * @throws IllegalArgumentException if the lengths differ, a score is NaN, or either class is
   *     empty
   */
  public static double of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          "ROC AUC: " + scores.length + " scores but " + positive.length + " labels");
    }
    int n = scores.length;
    long positives = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("ROC AUC: score " + i + " is NaN");
      }
      positives += positive[i] ? 1 : 0;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "ROC AUC: needs positives and negatives, got "
              + positives
              + " positives and "
              + negatives
              + " negatives");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSum = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1; // ranks count from 1
      for (int i = start; i <= end; i++) {
        if (positive[order[i]]) {
          rankSum += averageRank;
        }
      }
      start = end + 1;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** The AUC for the samples whose label is in {@code positiveClasses} as positives. */
  public static double of(double[] scores, int[] labels, int... positiveClasses) {
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      for (int c : positiveClasses) {
        positive[i] |= labels[i] == c;
      }
    }
    return of(scores, positive);
  }
}
