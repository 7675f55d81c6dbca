package dev.stratum.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Grid and random search: candidates from a {@link SearchSpace} are scored by a user objective
 * (typically: build a model from the configuration, train it with early stopping, return the
 * validation loss), up to {@code parallelism} at a time on a fixed pool of threads. Each candidate
 * must be independent of the others (its own model, optimizer and data loader); tensor scopes and
 * no-grad state are per thread. A candidate whose objective throws is recorded as failed, not
 * fatal.
 *
 * <pre>{@code
 * SearchResults results = HyperparameterSearch.random(space, 20, 42)
 *     .run(config -> trainAndValidate(config), 2, Direction.MINIMIZE);
 * // or trained with the Trainer and early stopping:
 * SearchResults trained = HyperparameterSearch.random(space, 20, 42).run(trainingObjective, 2);
 * results.print(System.out);
 * Map<String, Object> best = results.best().config();
 * }</pre>
 */
public final class HyperparameterSearch {

  /** Whether lower or higher scores are better. */
  public enum Direction {
    MINIMIZE,
    MAXIMIZE
  }

  private final List<Map<String, Object>> candidates;

  private HyperparameterSearch(List<Map<String, Object>> candidates) {
    this.candidates = List.copyOf(candidates);
  }

  /** Every combination of the space's grid, {@code points} values per continuous range. */
  public static HyperparameterSearch grid(SearchSpace space, int points) {
    return new HyperparameterSearch(space.grid(points));
  }

  /** {@code count} configurations drawn with a generator seeded by {@code seed}. */
  public static HyperparameterSearch random(SearchSpace space, int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("random search: count must be >= 1, got " + count);
    }
    Random random = new Random(seed);
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      candidates.add(space.sample(random));
    }
    return new HyperparameterSearch(candidates);
  }

  /** The configurations to evaluate, in order. */
  public List<Map<String, Object>> candidates() {
    return candidates;
  }

  /** Scores every candidate, at most {@code parallelism} at a time. */
  public SearchResults run(
      Function<Map<String, Object>, Double> objective, int parallelism, Direction direction) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("search: parallelism must be >= 1, got " + parallelism);
    }
    List<String> names = new ArrayList<>(candidates.get(0).keySet());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, candidates.size()));
    try {
      List<Future<SearchResults.Trial>> futures = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        int index = i;
        futures.add(pool.submit(() -> evaluate(index, candidates.get(index), objective)));
      }
      List<SearchResults.Trial> trials = new ArrayList<>();
      for (Future<SearchResults.Trial> f : futures) {
        trials.add(f.get());
      }
      return new SearchResults(names, trials, direction);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("search: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Scores every candidate by training it, at most {@code parallelism} at a time. */
  public SearchResults run(TrainingObjective objective, int parallelism) {
    return run(objective, parallelism, objective.direction());
  }

  private static SearchResults.Trial evaluate(
      int index, Map<String, Object> config, Function<Map<String, Object>, Double> objective) {
    long start = System.nanoTime();
    try {
      Double score = objective.apply(config);
      double value = score == null ? Double.NaN : score;
      return new SearchResults.Trial(
          index,
          config,
          value,
          (System.nanoTime() - start) / 1e9,
          score == null ? "no score" : null);
    } catch (RuntimeException | Error e) {
      return new SearchResults.Trial(
          index, config, Double.NaN, (System.nanoTime() - start) / 1e9, String.valueOf(e));
    }
  }
}
