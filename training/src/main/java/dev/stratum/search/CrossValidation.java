package dev.stratum.search;

import dev.stratum.data.Splits;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Averages an objective over the folds of a cross-validation. The folds come from {@link
 * Splits#kFold(dev.stratum.data.Dataset, int, long, boolean)} (the project's one k-fold split,
 * stratified or not, over any data set) or any other list the caller builds.
 *
 * <pre>{@code
 * List<Splits.Fold> folds = Splits.kFold(data, 5, seed, true);
 * CrossValidation.Result r = CrossValidation.evaluate(folds, fold -> score(fold.train(), fold.validation()));
 * }</pre>
 */
public final class CrossValidation {

  private CrossValidation() {}

  /** The mean and (population) standard deviation of the per-fold scores. */
  public record Result(double mean, double standardDeviation, double[] scores) {}

  /** Scores each fold with {@code objective} (one after the other) and averages. */
  public static <F> Result evaluate(List<F> folds, ToDoubleFunction<? super F> objective) {
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("cross-validation: no folds given");
    }
    double[] scores = new double[folds.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = objective.applyAsDouble(folds.get(i));
    }
    double mean = Arrays.stream(scores).average().orElse(Double.NaN);
    double variance = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).average().orElse(0);
    return new Result(mean, Math.sqrt(variance), scores);
  }
}
