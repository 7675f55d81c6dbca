package dev.stratum.optimizers.search;

import dev.stratum.data.Shuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Validation splits over sample indices {@code 0..n-1}, so any data set can be split without this
 * module knowing it: a hold-out split and k-fold cross-validation, and a driver that averages an
 * objective over folds.
 */
public final class CrossValidation {

  private CrossValidation() {}

  /** Training and validation indices of one split (disjoint; together every index once). */
  public record Fold(int[] train, int[] validation) {}

  /** The mean and (population) standard deviation of the per-fold scores. */
  public record Result(double mean, double standardDeviation, double[] scores) {}

  /**
   * {@code k} folds of sizes differing by at most one; each index is in exactly one validation set.
   * The indices are shuffled with {@code seed} first (pass the same seed to compare candidates on
   * the same folds).
   */
  public static List<Fold> kFold(int n, int k, long seed) {
    if (k < 2 || k > n) {
      throw new IllegalArgumentException("kFold: needs 2 <= k <= n, got k = " + k + ", n = " + n);
    }
    int[] order = shuffled(n, seed);
    List<Fold> folds = new ArrayList<>();
    int start = 0;
    for (int f = 0; f < k; f++) {
      int size = n / k + (f < n % k ? 1 : 0);
      int[] validation = Arrays.copyOfRange(order, start, start + size);
      int[] train = new int[n - size];
      System.arraycopy(order, 0, train, 0, start);
      System.arraycopy(order, start + size, train, start, n - start - size);
      Arrays.sort(validation);
      Arrays.sort(train);
      folds.add(new Fold(train, validation));
      start += size;
    }
    return folds;
  }

  /** One shuffled split with {@code round(n·fraction)} validation indices (at least one each). */
  public static Fold holdout(int n, double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "holdout: validation fraction must be in (0, 1), got " + validationFraction);
    }
    int size = (int) Math.round(n * validationFraction);
    if (size < 1 || size >= n) {
      throw new IllegalArgumentException(
          "holdout: " + n + " samples cannot give a validation fraction of " + validationFraction);
    }
    int[] order = shuffled(n, seed);
    int[] validation = Arrays.copyOfRange(order, 0, size);
    int[] train = Arrays.copyOfRange(order, size, n);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new Fold(train, validation);
  }

  /**
   * Scores each fold with {@code objective} (one after the other) and averages. The folds may be
   * this class's index folds or {@code dev.stratum.data.Splits.kFold}'s data-set views.
   */
  public static <F> Result evaluate(List<F> folds, ToDoubleFunction<? super F> objective) {
    double[] scores = new double[folds.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = objective.applyAsDouble(folds.get(i));
    }
    double mean = Arrays.stream(scores).average().orElse(Double.NaN);
    double variance = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).average().orElse(0);
    return new Result(mean, Math.sqrt(variance), scores);
  }

  /** The indices {@code 0..n-1} in the project's one seeded (Philox) shuffle order. */
  private static int[] shuffled(int n, long seed) {
    return Shuffle.permutation(seed, 0, n);
  }
}
