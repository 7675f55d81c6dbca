package dev.stratum.train;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.checkpoint.TrainingState;
import dev.stratum.data.Batch;
import dev.stratum.data.DataLoader;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.nn.ValueChecks;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The training loop: epochs over a data set with a model, an optimizer and a loss, validation after
 * each epoch, metrics, penalty terms and callbacks.
 *
 * <p>What happens to each batch is a {@link TrainingStep}. With {@link Builder#loss(Loss)} it is a
 * {@link SupervisedStep}: forward pass, loss plus penalties, {@link Optimizer#zeroGrad()}, backward
 * pass, {@link Optimizer#step()}. A model whose objective has several parts (a VAE), or that
 * updates several optimizers in one step (a GAN), passes its own with {@link
 * Builder#step(TrainingStep)}. After each step the loss is read as a number (the one download per
 * step, needed to report it); the other parts and the metric sums stay on the device until the
 * epoch ends. A step that allows it ({@link TrainingStep#defersValueChecks}, the Trainer's own and
 * an autoencoder's) runs with its losses' value checks deferred ({@link
 * dev.stratum.nn.ValueChecks}): a loss checks its inputs' values on the device and turns NaN when
 * one is outside its domain, and when the loss reads NaN the Trainer asks the step why ({@link
 * TrainingStep#checkInputs}), so a bad target surfaces from {@code fit()} as an {@link
 * IllegalArgumentException} naming it. Under the default {@link NonFinitePolicy#STOP} that happens
 * before the step's update (the one read of the step then carries the loss and the gradients'
 * finiteness together); under {@link NonFinitePolicy#IGNORE}, after it (the loss gave the update no
 * gradient). Each step runs in its own {@link TensorScope}, so every intermediate is freed when it
 * ends. The model is in training mode during the epoch and in evaluation mode, without recording a
 * graph, during validation.
 *
 * <p>A NaN or infinite loss or gradient is handled by a {@link NonFinitePolicy} ({@link
 * Builder#nonFinite}): by default the run stops with a {@link NonFiniteTrainingException} naming
 * the epoch, the step and the first parameter whose gradient went bad, before the bad update is
 * applied; {@link NonFinitePolicy#SKIP} skips such steps and counts them under {@value
 * #SKIPPED_STEPS} in the history.
 *
 * <p>Every part of the step's result is reported as its per-sample mean over the epoch, {@code Σ
 * n_b·part_b / Σ n_b} (for a mean-reduced loss, the mean over samples): {@code "loss"} is the loss
 * alone and {@code "penalty"} the penalty terms of a supervised step. The loop itself draws no
 * random numbers: runs with the same data order and the same initial weights give identical
 * histories.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *     .model(model)
 *     .optimizer(Adam.builder().parameters(model.parameters()).lr(1e-3).build())
 *     .loss(new CrossEntropy())
 *     .trainingData(trainLoader)          // any Iterable<Batch>; each iterator() is one epoch
 *     .validationData(validationLoader)
 *     .epochs(20)
 *     .metrics(Metric.accuracy(), Metric.topK(3))
 *     .callbacks(
 *         new EarlyStopping(Monitor.min("val_loss"), 3),
 *         ModelCheckpoint.best(Path.of("runs/best"), Monitor.max("val_accuracy")),
 *         HistoryLog.csv(Path.of("runs/history.csv")))
 *     .build();
 * History history = trainer.fit();
 * double finalAccuracy = history.last().get("val_accuracy");
 * }</pre>
 */
public final class Trainer {

  /**
   * The history key, under {@link NonFinitePolicy#SKIP}, of the steps skipped in the epoch for a
   * non-finite loss or gradient.
   */
  public static final String SKIPPED_STEPS = "skipped_steps";

  private final Layer model;
  private final Optimizer optimizer;
  private final TrainingStep step;
  private final Iterable<Batch> trainingData;
  private final Iterable<Batch> validationData;
  private final int epochs;
  private final int initialEpoch;
  private final Path resumeFrom;
  private final List<Metric> metrics;
  private final List<Callback> callbacks;
  private final boolean progress;
  private final PrintStream progressOutput;
  private final NonFiniteCheck nonFinite;
  private final boolean customStep;

  private Trainer(Builder b) {
    this.model = Objects.requireNonNull(b.model, "trainer: no model set");
    this.nonFinite = new NonFiniteCheck(b.nonFinitePolicy, model, b.nonFiniteListener);
    this.customStep = b.step != null;
    if (b.step != null) {
      if (b.loss != null || !b.penalties.isEmpty()) {
        throw new IllegalArgumentException(
            "trainer: a TrainingStep computes its own objective; set either step(...) or"
                + " loss(...)/penalty(...), not both");
      }
      if (b.nonFinitePolicy == NonFinitePolicy.SKIP) {
        throw new IllegalArgumentException(
            "trainer: NonFinitePolicy.SKIP needs the Trainer's own step (loss(...)); a custom"
                + " TrainingStep applies its own updates, so the Trainer cannot skip them: use"
                + " STOP or IGNORE, or guard the step's optimizers (NonFiniteGuard in"
                + " stratum-optimizers)");
      }
      this.optimizer = b.optimizer;
      this.step = b.step;
    } else {
      this.optimizer = Objects.requireNonNull(b.optimizer, "trainer: no optimizer set");
      Objects.requireNonNull(b.loss, "trainer: no loss set (or a TrainingStep with step(...))");
      this.step = new SupervisedStep(model, b.loss, optimizer, b.penalties, nonFinite);
    }
    this.trainingData = Objects.requireNonNull(b.trainingData, "trainer: no training data set");
    this.validationData = b.validationData;
    this.epochs = b.epochs;
    this.initialEpoch = b.initialEpoch;
    this.resumeFrom = b.resumeFrom;
    if (resumeFrom != null && initialEpoch != 0) {
      throw new IllegalArgumentException(
          "trainer: resumeFrom reads the epoch from the checkpoint; do not also set initialEpoch ("
              + initialEpoch
              + ")");
    }
    if (initialEpoch >= epochs) {
      throw new IllegalArgumentException(
          "trainer: initialEpoch "
              + initialEpoch
              + " leaves nothing to run: it must be below epochs ("
              + epochs
              + ")");
    }
    this.metrics = List.copyOf(b.metrics);
    this.callbacks = List.copyOf(b.callbacks);
    this.progress = b.progress;
    this.progressOutput = b.progressOutput;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains for the configured number of epochs, or until a callback asks to stop, and returns the
   * history. Each call is a new run: step counts and the history start again, the model and the
   * optimizer carry on from where they are. With {@link Builder#initialEpoch(int) initialEpoch(n)}
   * the epochs run are {@code n + 1 .. epochs}, and a {@link DataLoader} as training data is set to
   * its epoch {@code n} first, so its shuffle order is that of an uninterrupted run.
   *
   * <p>With {@link Builder#resumeFrom(Path) resumeFrom(checkpoint)} each call first loads the
   * checkpoint's model and optimizer, then runs from the epoch after the checkpoint's, and after
   * every {@code onTrainBegin} restores the state of the stateful callbacks.
   *
   * <p>When training throws, every callback whose {@code onTrainBegin} ran still gets {@code
   * onTrainEnd} (so it can close its files), then the exception propagates; an exception from one
   * of those {@code onTrainEnd} calls is attached to it as suppressed.
   */
  public History fit() {
    Run run = new Run();
    List<Callback> all = new ArrayList<>();
    if (step instanceof Callback stepCallback) {
      all.add(stepCallback);
    }
    all.addAll(callbacks);
    ProgressCallback reporter = null;
    if (progress) {
      int stepsHint = trainingData instanceof Collection<?> c ? c.size() : -1;
      reporter = new ProgressCallback(epochs, stepsHint, progressOutput);
      all.add(reporter);
    }
    TrainingState resumed = resumeFrom == null ? null : resume();
    int start = resumed == null ? initialEpoch : resumed.epoch();
    if (start > 0 && trainingData instanceof DataLoader loader) {
      loader.setNextEpoch(start);
    }
    run.callbacks = Collections.unmodifiableList(all);
    // checkpoints save the epoch's final state, so they see the epoch's end after the others
    List<Callback> epochEndOrder = new ArrayList<>();
    all.stream().filter(c -> !(c instanceof ModelCheckpoint)).forEach(epochEndOrder::add);
    all.stream().filter(c -> c instanceof ModelCheckpoint).forEach(epochEndOrder::add);
    int begun = 0;
    boolean ending = false;
    try {
      for (Callback c : all) {
        c.onTrainBegin(run);
        begun++;
      }
      if (resumed != null) {
        resumed.restoreInto(all);
      }
      for (int epoch = start + 1; epoch <= epochs && run.stopReason == null; epoch++) {
        model.train(true);
        run.epoch = epoch;
        for (Callback c : all) {
          c.onEpochBegin(run, epoch);
        }
        Map<String, Double> results = trainEpoch(run, all, epoch);
        if (validationData != null) {
          results.putAll(validate(epoch));
        }
        Map<String, Double> frozen = Collections.unmodifiableMap(results);
        run.history.add(frozen);
        for (Callback c : epochEndOrder) {
          c.onEpochEnd(run, epoch, frozen);
        }
      }
      ending = true;
      all.forEach(c -> c.onTrainEnd(run));
    } catch (RuntimeException | Error e) {
      if (!ending) {
        endAfterFailure(all.subList(0, begun), run, e);
      }
      throw e;
    } finally {
      if (reporter != null) {
        reporter.close();
      }
    }
    return new History(run.history, Optional.ofNullable(run.stopReason));
  }

  /** Loads the checkpoint of {@link Builder#resumeFrom} and returns where its run stood. */
  private TrainingState resume() {
    try {
      TrainingState state =
          Checkpoint.trainingState(resumeFrom)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "trainer: checkpoint "
                              + resumeFrom
                              + " holds no "
                              + Checkpoint.TRAINING_JSON
                              + " (it was not saved by ModelCheckpoint); load it with"
                              + " Checkpoint.load and give initialEpoch(n) instead"));
      if (state.epoch() >= epochs) {
        throw new IllegalArgumentException(
            "trainer: checkpoint "
                + resumeFrom
                + " was saved after epoch "
                + state.epoch()
                + ", which leaves nothing to run: epochs must be above it (it is "
                + epochs
                + ")");
      }
      Checkpoint.load(resumeFrom, model, optimizer);
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException("trainer: cannot resume from " + resumeFrom, e);
    }
  }

  /**
   * Gives every callback that began its {@code onTrainEnd} after {@code failure}, so that files are
   * closed; what they throw is added to {@code failure} as suppressed.
   */
  private static void endAfterFailure(List<Callback> begun, Run run, Throwable failure) {
    for (Callback c : begun) {
      try {
        c.onTrainEnd(run);
      } catch (RuntimeException | Error e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Runs a step's pass, with the losses' value checks deferred when the step allows it. */
  private StepResult runPass(Supplier<StepResult> pass) {
    return step.defersValueChecks() ? ValueChecks.deferred(pass) : pass.get();
  }

  private Map<String, Double> trainEpoch(Run run, List<Callback> all, int epoch) {
    Iterator<Batch> batches = trainingData.iterator();
    Totals totals = new Totals();
    long batchInEpoch = 0;
    long skipped = 0;
    try {
      while (batches.hasNext()) {
        int size;
        double value;
        boolean skip;
        try (TensorScope scope = TensorScope.open();
            Batch batch = batches.next()) {
          size = batch.size();
          nonFinite.begin(epoch, run.step + 1, ++batchInEpoch);
          StepResult result = runPass(() -> step.train(batch));
          skip = nonFinite.skipped();
          value = skip ? Double.NaN : totals.add(result, batch, nonFinite.takeLossRead());
        }
        run.step++;
        if (skip) {
          skipped++;
          continue;
        }
        for (Callback c : all) {
          c.onBatchEnd(run, run.step, value, size);
        }
        if (customStep) {
          // After the callbacks: the custom step's update is applied already, and a callback
          // that watches for divergence may want to report it in its own words first.
          nonFinite.afterCustomStep(value);
        }
      }
      if (totals.steps == 0 && skipped > 0) {
        throw new IllegalStateException(
            "trainer: all "
                + skipped
                + " steps of epoch "
                + epoch
                + " had a non-finite loss or gradient and were skipped (NonFinitePolicy.SKIP);"
                + " training cannot go on from here");
      }
      if (totals.steps == 0) {
        throw new IllegalStateException(
            "trainer: the training data produced no batches in epoch " + epoch);
      }
      Map<String, Double> results = totals.averages("");
      if (nonFinite.policy() == NonFinitePolicy.SKIP) {
        results.put(SKIPPED_STEPS, (double) skipped);
      }
      return results;
    } finally {
      totals.close();
      closeIfCloseable(batches);
    }
  }

  /** The validation loss, parts and metrics, under {@code "val_"} names. */
  private Map<String, Double> validate(int epoch) {
    model.train(false);
    Iterator<Batch> batches = validationData.iterator();
    Totals totals = new Totals();
    try (NoGrad ignored = Autograd.noGrad()) {
      while (batches.hasNext()) {
        try (TensorScope scope = TensorScope.open();
            Batch batch = batches.next()) {
          totals.add(runPass(() -> step.evaluate(batch)), batch, null);
        }
      }
      if (totals.samples == 0) {
        throw new IllegalStateException(
            "trainer: the validation data produced no samples in epoch " + epoch);
      }
      return totals.averages("val_");
    } finally {
      totals.close();
      closeIfCloseable(batches);
      model.train(true);
    }
  }

  /**
   * The running sums of one pass: the loss on the host (it is read every step anyway), every other
   * part and every metric on the device, outside the steps' scopes, until the pass ends.
   */
  private final class Totals implements AutoCloseable {
    private final Tensor[] metricTotals = new Tensor[metrics.size()];
    private final Map<String, Tensor> partTotals = new LinkedHashMap<>();
    private double lossSum;
    private long samples;
    private long steps;

    /** Adds one step's result; returns its loss. */
    /** Adds a batch; {@code lossRead} is its loss when already read from the device, else null. */
    double add(StepResult result, Batch batch, Double lossRead) {
      int size = batch.size();
      if (!metrics.isEmpty() || result.parts().size() > 1) {
        try (NoGrad ignored = Autograd.noGrad()) {
          if (!metrics.isEmpty()) {
            if (result.prediction() == null) {
              throw new IllegalStateException(
                  "trainer: metrics "
                      + metrics.stream().map(Metric::name).toList()
                      + " need the step's prediction, but the TrainingStep returned none (use"
                      + " StepResult.withPrediction)");
            }
            for (int i = 0; i < metricTotals.length; i++) {
              Tensor total = metrics.get(i).batchTotal(result.prediction(), batch.targets());
              metricTotals[i] = accumulate(metricTotals[i], total, 1f);
            }
          }
          for (Map.Entry<String, Tensor> part : result.parts().entrySet()) {
            if (!part.getKey().equals(StepResult.LOSS)) {
              partTotals.put(
                  part.getKey(),
                  accumulate(partTotals.get(part.getKey()), part.getValue(), (float) size));
            }
          }
        }
      }
      double value = lossRead != null ? lossRead : result.loss().item();
      if (Double.isNaN(value)) {
        step.checkInputs(batch, result);
      }
      lossSum += value * size;
      samples += size;
      steps++;
      return value;
    }

    /** The per-sample loss, parts and metrics of the pass, under {@code prefix + name}. */
    Map<String, Double> averages(String prefix) {
      Map<String, Double> results = new LinkedHashMap<>();
      results.put(prefix + StepResult.LOSS, lossSum / samples);
      partTotals.forEach(
          (name, total) -> results.put(prefix + name, (double) total.item() / samples));
      for (int i = 0; i < metrics.size(); i++) {
        results.put(prefix + metrics.get(i).name(), metricTotals[i].item() / (double) samples);
      }
      return results;
    }

    @Override
    public void close() {
      closeAll(metricTotals);
      partTotals.values().forEach(Tensor::close);
    }
  }

  /**
   * Adds {@code scale · value} into a running device total that outlives the step's scope. The
   * total's shape is that of the first value, so every step must report the part in one shape.
   */
  private static Tensor accumulate(Tensor total, Tensor value, float scale) {
    if (total == null) {
      total = TensorScope.unscoped(Tensor.zeros(value.backend(), value.shape()));
    }
    return total.addScaledInPlace(scale, value);
  }

  private static void closeAll(Tensor[] tensors) {
    for (Tensor t : tensors) {
      if (t != null) {
        t.close();
      }
    }
  }

  private static void closeIfCloseable(Iterator<Batch> iterator) {
    if (iterator instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("trainer: closing the data iterator failed", e);
      }
    }
  }

  /** The run in progress, as callbacks see it. */
  private final class Run implements TrainingContext {
    private final List<Map<String, Double>> history = new ArrayList<>();
    private final List<Map<String, Double>> historyView = Collections.unmodifiableList(history);
    private long step;
    private int epoch;
    private List<Callback> callbacks = List.of();
    private String stopReason;

    @Override
    public int epoch() {
      return epoch;
    }

    @Override
    public List<Callback> callbacks() {
      return callbacks;
    }

    @Override
    public Layer model() {
      return model;
    }

    @Override
    public Optimizer optimizer() {
      if (optimizer == null) {
        throw new IllegalStateException(
            "trainer: this run's TrainingStep updates the model itself and no optimizer was given"
                + " to the builder; pass the one callbacks (schedules, checkpoints) should see with"
                + " optimizer(...)");
      }
      return optimizer;
    }

    @Override
    public long step() {
      return step;
    }

    @Override
    public List<Map<String, Double>> history() {
      return historyView;
    }

    @Override
    public void requestStop(String reason) {
      if (stopReason == null) {
        stopReason = Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** Configures a {@link Trainer}; model, optimizer, loss and training data are required. */
  public static final class Builder {
    private Layer model;
    private Optimizer optimizer;
    private Loss loss;
    private TrainingStep step;
    private Iterable<Batch> trainingData;
    private Iterable<Batch> validationData;
    private int epochs = 1;
    private int initialEpoch;
    private Path resumeFrom;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Function<Layer, Tensor>> penalties = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private boolean progress = true;
    private PrintStream progressOutput = System.out;
    private NonFinitePolicy nonFinitePolicy = NonFinitePolicy.STOP;
    private Consumer<NonFiniteStep> nonFiniteListener = found -> {};

    private Builder() {}

    /**
     * What to do when a step's loss or a gradient is NaN or infinite (default {@link
     * NonFinitePolicy#STOP}); see {@link NonFinitePolicy} for what each costs.
     */
    public Builder nonFinite(NonFinitePolicy policy) {
      this.nonFinitePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Told of every step whose loss or gradient was not finite, before the policy acts (default:
     * nobody); under {@link NonFinitePolicy#IGNORE} nothing is checked, so it hears nothing.
     */
    public Builder onNonFinite(Consumer<NonFiniteStep> listener) {
      this.nonFiniteListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The model to train. */
    public Builder model(Layer model) {
      this.model = model;
      return this;
    }

    /**
     * The optimizer over the model's parameters. Required with {@link #loss(Loss)}; with {@link
     * #step(TrainingStep)} it is optional and is the one callbacks (learning-rate schedules,
     * checkpoints) see.
     */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /**
     * The loss; it must reduce each batch to one number. Each batch is a {@link SupervisedStep}.
     */
    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /**
     * What to do with each batch, instead of {@link #loss(Loss)} and {@link #penalty(Function)}: a
     * step with an objective of several named parts, or several optimizers.
     */
    public Builder step(TrainingStep step) {
      this.step = Objects.requireNonNull(step, "step");
      return this;
    }

    /** The training batches; each call of {@code iterator()} is one epoch. */
    public Builder trainingData(Iterable<Batch> data) {
      this.trainingData = data;
      return this;
    }

    /** Validation batches, run after each epoch; {@code null} for none. */
    public Builder validationData(Iterable<Batch> data) {
      this.validationData = data;
      return this;
    }

    /** How many epochs {@link #fit()} runs at most (default 1). */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("trainer: epochs must be >= 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /**
     * The epochs already done, to resume a run (default 0): {@link #fit()} runs epochs {@code
     * initialEpoch + 1} to {@link #epochs(int) epochs}, so per-epoch callbacks (schedules,
     * checkpoints every N epochs) see the epoch numbers of an uninterrupted run, and a {@link
     * DataLoader} as training data continues with its epoch {@code initialEpoch}.
     */
    public Builder initialEpoch(int initialEpoch) {
      if (initialEpoch < 0) {
        throw new IllegalArgumentException(
            "trainer: initialEpoch must be >= 0, got " + initialEpoch);
      }
      this.initialEpoch = initialEpoch;
      return this;
    }

    /**
     * Resumes the run saved in {@code checkpoint} by a {@link ModelCheckpoint}: {@link #fit()}
     * loads its model and optimizer (step count, learning rates and state), runs the epochs after
     * the checkpoint's up to {@link #epochs(int) epochs}, sets a {@link DataLoader} as training
     * data to that epoch, and restores the state of the run's {@link
     * dev.stratum.callback.StatefulCallback}s (reduce-on-plateau counters, a best checkpoint's
     * value), which must be of the same classes in the same order. Per-step schedules are keyed by
     * the restored step count and per-epoch ones by the epoch, so every schedule continues as in an
     * uninterrupted run. Replaces {@link #initialEpoch(int)}.
     */
    public Builder resumeFrom(Path checkpoint) {
      this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
      return this;
    }

    /** Metrics reported besides the loss, on training and validation data. */
    public Builder metrics(Metric... metrics) {
      this.metrics.addAll(List.of(metrics));
      return this;
    }

    /**
     * A term added to the loss at every step (a weight penalty: L1, L2, ...); it must return one
     * number and be differentiable with respect to the parameters it uses.
     */
    public Builder penalty(Function<Layer, Tensor> penalty) {
      this.penalties.add(Objects.requireNonNull(penalty, "penalty"));
      return this;
    }

    /** Callbacks, called in this order. */
    public Builder callbacks(Callback... callbacks) {
      this.callbacks.addAll(List.of(callbacks));
      return this;
    }

    /**
     * Whether to report progress (default true): a terminal progress bar when {@code
     * me.tongfei:progressbar} is on the class path and the program runs in a terminal, otherwise
     * one line per epoch.
     */
    public Builder progress(boolean progress) {
      this.progress = progress;
      return this;
    }

    /** Where the per-epoch lines go when there is no progress bar (default {@code System.out}). */
    public Builder progressOutput(PrintStream out) {
      this.progressOutput = Objects.requireNonNull(out, "out");
      return this;
    }

    /** The trainer; throws when a required part is missing. */
    public Trainer build() {
      return new Trainer(this);
    }
  }
}
