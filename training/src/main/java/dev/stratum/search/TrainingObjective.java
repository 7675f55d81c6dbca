package dev.stratum.search;

import dev.stratum.callback.Callback;
import dev.stratum.data.Batch;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.train.EarlyStopping;
import dev.stratum.train.Metric;
import dev.stratum.train.Monitor;
import dev.stratum.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The objective that connects a search to the training loop: each configuration builds its own
 * {@link Candidate} (model, optimizer, loss, data), which is trained with the {@link Trainer} and
 * early stopping (patience, best weights restored) and scored by the best value of the monitored
 * validation metric; the candidate is closed afterwards.
 *
 * <pre>{@code
 * TrainingObjective objective = new TrainingObjective(
 *     config -> new Candidate(model(config), optimizer(config), loss, train(config), validation),
 *     Monitor.min("val_loss"), 20, 3);
 * SearchResults results = HyperparameterSearch.random(space, 20, 42).run(objective, 2);
 * }</pre>
 *
 * <p>Candidates run in parallel share the backend: the SPI allows calls from several threads on
 * different storages, and tensor scopes and no-grad state are per thread. A candidate must not
 * share a random generator with another: give each layer that draws numbers its own seeded {@link
 * dev.stratum.tensor.Generator}.
 */
public final class TrainingObjective implements Function<Map<String, Object>, Double> {

  /**
   * What one configuration trains. Closing it closes the optimizer, the model and any data that is
   * {@link AutoCloseable} (a {@code DataLoader}).
   *
   * @param callbacks more callbacks (a schedule from an {@code OptimizerSpec}, a history log)
   */
  public record Candidate(
      Layer model,
      Optimizer optimizer,
      Loss loss,
      Iterable<Batch> training,
      Iterable<Batch> validation,
      List<Callback> callbacks)
      implements AutoCloseable {

    public Candidate {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(optimizer, "optimizer");
      Objects.requireNonNull(loss, "loss");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(validation, "validation (the score needs validation data)");
      callbacks = List.copyOf(callbacks);
    }

    /** A candidate without extra callbacks. */
    public Candidate(
        Layer model,
        Optimizer optimizer,
        Loss loss,
        Iterable<Batch> training,
        Iterable<Batch> validation) {
      this(model, optimizer, loss, training, validation, List.of());
    }

    @Override
    public void close() {
      optimizer.close();
      model.close();
      closeIfCloseable(training);
      closeIfCloseable(validation);
    }

    private static void closeIfCloseable(Object data) {
      if (data instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("search: closing candidate data failed", e);
        }
      }
    }
  }

  private final Function<Map<String, Object>, Candidate> setup;
  private final Monitor monitor;
  private final int maxEpochs;
  private final int patience;
  private final List<Metric> metrics;

  /**
   * @param setup builds a fresh candidate for a configuration
   * @param monitor the validation metric scored ({@code Monitor.min("val_loss")}, {@code
   *     Monitor.max("val_accuracy")}, ...), also the one early stopping watches
   * @param maxEpochs the most epochs a candidate trains
   * @param patience epochs without improvement before a candidate stops
   * @param metrics metrics the monitor may need ({@link Metric#accuracy()} for {@code
   *     val_accuracy})
   */
  public TrainingObjective(
      Function<Map<String, Object>, Candidate> setup,
      Monitor monitor,
      int maxEpochs,
      int patience,
      Metric... metrics) {
    this.setup = Objects.requireNonNull(setup, "setup");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("search: maxEpochs must be >= 1, got " + maxEpochs);
    }
    this.maxEpochs = maxEpochs;
    this.patience = patience;
    this.metrics = List.of(metrics);
    new EarlyStopping(monitor, patience); // checks the patience now, not in every candidate
  }

  /** Whether the search should minimise or maximise this objective's score. */
  public HyperparameterSearch.Direction direction() {
    return monitor.mode() == Monitor.Mode.MIN
        ? HyperparameterSearch.Direction.MINIMIZE
        : HyperparameterSearch.Direction.MAXIMIZE;
  }

  /** Builds, trains and closes the candidate of {@code config}; returns its best score. */
  @Override
  public Double apply(Map<String, Object> config) {
    try (Candidate candidate = setup.apply(config)) {
      return score(candidate);
    }
  }

  /**
   * k-fold cross-validation through the same training: one candidate per fold (built by {@code
   * setup}, trained with early stopping, closed), scored and averaged. The folds may be {@code
   * dev.stratum.data.Splits.kFold}'s data-set views.
   */
  public <F> CrossValidation.Result crossValidate(
      List<F> folds, Function<? super F, Candidate> setup) {
    return CrossValidation.evaluate(
        folds,
        fold -> {
          try (Candidate candidate = setup.apply(fold)) {
            return score(candidate);
          }
        });
  }

  /**
   * Trains {@code candidate} (without closing it) with early stopping and returns the best value of
   * the monitored metric; the model ends with the weights of its best epoch.
   */
  public double score(Candidate candidate) {
    EarlyStopping stopping = new EarlyStopping(monitor, patience, true);
    List<Callback> callbacks = new ArrayList<>(candidate.callbacks());
    callbacks.add(stopping);
    Trainer.builder()
        .model(candidate.model())
        .optimizer(candidate.optimizer())
        .loss(candidate.loss())
        .trainingData(candidate.training())
        .validationData(candidate.validation())
        .epochs(maxEpochs)
        .metrics(metrics.toArray(Metric[]::new))
        .callbacks(callbacks.toArray(Callback[]::new))
        .progress(false)
        .build()
        .fit();
    return stopping.bestEpoch() == 0 ? Double.NaN : stopping.bestValue();
  }
}
