package dev.stratum.spark;

import dev.stratum.backend.Backend;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.Batch;
import dev.stratum.layers.loss.Losses;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Metric;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Spark, with the shape of the one-machine {@code Trainer}:
 * epochs, validation after each epoch, metrics, callbacks (early stopping, {@code ModelCheckpoint},
 * history logs, learning-rate schedules) that see the driver's model and optimizer, and a {@link
 * History}. Moving a model from one machine to a cluster changes the trainer, not the model.
 *
 * <p>The training samples are an RDD of {@link Sample}s, split once into one cached shard per
 * worker and visited in a seeded order every epoch ({@link DataPlan}). Each executor rebuilds the
 * model from its architecture JSON, the loss from its configuration and the optimizer from its spec
 * through {@link Components}; the driver's model holds the weights. Every round the driver
 * broadcasts what the workers need, runs one task per shard, and gets the sum of the workers'
 * results back, each already weighted by its number of samples, so the sum needs no second pass: by
 * {@code treeAggregate}, or by a sliced AllReduce over a shuffle whose sums are taken on the
 * executors ({@link Synchronisation}, chosen with {@link Builder#synchronisation}). Two methods
 * ({@link SyncMethod}):
 *
 * <ul>
 *   <li><b>Gradient averaging</b> (every step): the broadcast holds the parameters and buffers;
 *       each worker returns the gradient of its batch's loss. The driver sets the weighted mean as
 *       the gradient of its model and steps <em>its</em> optimizer: there is one optimizer and its
 *       state never leaves the driver. With mean-reduced losses this is one machine training on the
 *       workers' batches put together ({@code W·B} samples a step).
 *   <li><b>Parameter averaging</b> (every {@code k} steps): the broadcast also holds the driver
 *       optimizer's state and each group's learning rate and weight decay. Each worker loads them,
 *       takes {@code k} steps with its own copy of the optimizer, and returns its parameters,
 *       buffers and optimizer state; the driver averages all three (weighted by samples, as
 *       Deeplearning4j's {@code averageUpdaters}) and loads them into its model and optimizer. So
 *       every round starts every worker from the same parameters <em>and</em> optimizer state, no
 *       result depends on which executor ran which shard, and a checkpoint of the driver holds the
 *       averaged state. Step counts inside the state stay exact because every worker takes the same
 *       number of steps.
 * </ul>
 *
 * <p>Buffers (batch-normalisation statistics) are averaged in both methods. A callback's "step" is
 * one round: {@code onBatchEnd} comes once per round with the round's mean loss and its samples
 * over all workers, and {@link TrainingContext#step()} counts optimizer steps (one per round, or
 * {@code k}). Learning-rate schedules act on the driver's optimizer; parameter averaging carries
 * the rates to the workers each round. Metrics are computed on the validation data, on the driver;
 * the training data reports the loss.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder()
 *     .sparkContext(jsc)
 *     .model(model)                                   // built on the driver
 *     .loss(Map.of("type", "sparse_cross_entropy"))
 *     .optimizer("{\"optimizer\": \"momentum\", \"lr\": 0.05}")
 *     .trainingData(samples, new int[] {1, 28, 28}, new int[] {})
 *     .batchSize(32)                                  // per worker and step
 *     .parameterAveraging(4)                          // or gradientAveraging()
 *     .validationData(validationLoader)
 *     .epochs(10)
 *     .metrics(Metric.accuracy())
 *     .callbacks(ModelCheckpoint.best(Path.of("runs/best"), Monitor.max("val_accuracy")))
 *     .build();
 * History history = trainer.fit();
 * }</pre>
 */
public final class SparkTrainer {

  private final JavaSparkContext spark;
  private final Layer model;
  private final Map<String, Object> lossConfig;
  private final Loss loss;
  private final String optimizerSpec;
  private final Optimizer optimizer;
  private final List<Callback> callbacks;
  private final Components components;
  private final JavaRDD<Sample> trainingData;
  private final int[] inputShape;
  private final int[] targetShape;
  private final int workers;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  private final SyncMethod method;
  private final int averagingPeriod;
  private final int treeDepth;
  private final Synchronisation synchronisation;
  private final String executorBackend;
  private final Iterable<Batch> validationData;
  private final int epochs;
  private final List<Metric> metrics;
  private final boolean progress;
  private final PrintStream progressOutput;
  private Statistics statistics = new Statistics(0, 0, 0, 0);

  private SparkTrainer(Builder b) {
    this.spark = Objects.requireNonNull(b.spark, "spark trainer: no Spark context set");
    this.model = Objects.requireNonNull(b.model, "spark trainer: no model set");
    this.lossConfig = Objects.requireNonNull(b.lossConfig, "spark trainer: no loss set");
    this.optimizerSpec = Objects.requireNonNull(b.optimizerSpec, "spark trainer: no optimizer set");
    this.trainingData = Objects.requireNonNull(b.trainingData, "spark trainer: no training data");
    this.components = b.components;
    this.loss = Losses.create(lossConfig, components.losses());
    OptimizerSpec.Built built = components.optimizers().build(optimizerSpec, model.parameters());
    this.optimizer = built.optimizer();
    List<Callback> all = new ArrayList<>(built.callbacks());
    all.addAll(b.callbacks);
    this.callbacks = List.copyOf(all);
    this.inputShape = b.inputShape.clone();
    this.targetShape = b.targetShape.clone();
    this.workers = b.workers > 0 ? b.workers : spark.defaultParallelism();
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.method = b.method;
    this.averagingPeriod = b.method == SyncMethod.GRADIENT_AVERAGING ? 1 : b.averagingPeriod;
    this.treeDepth = b.treeDepth;
    this.synchronisation = b.synchronisation;
    this.executorBackend = b.executorBackend;
    this.validationData = b.validationData;
    this.epochs = b.epochs;
    this.metrics = List.copyOf(b.metrics);
    this.progress = b.progress;
    this.progressOutput = b.progressOutput;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The driver's optimizer, built from the spec over the model's parameters. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The data plan {@link #fit()} uses for {@code samples} training samples. */
  public DataPlan plan(long samples) {
    return new DataPlan(samples, workers, batchSize, seed, shuffle);
  }

  /** Rounds, samples and seconds of the last {@link #fit()} (zeros before the first). */
  public Statistics statistics() {
    return statistics;
  }

  /**
   * What the last {@link #fit()} took.
   *
   * @param rounds synchronisation rounds (Spark jobs of training)
   * @param samples training samples processed over all workers
   * @param trainingSeconds wall time in the rounds, including the driver's update
   * @param driverSeconds the part of it spent on the driver packing, broadcasting and applying
   */
  public record Statistics(
      long rounds, long samples, double trainingSeconds, double driverSeconds) {
    /** Training samples per second of round time. */
    public double samplesPerSecond() {
      return samples / trainingSeconds;
    }

    /** Mean wall time of one round. */
    public double secondsPerRound() {
      return trainingSeconds / rounds;
    }
  }

  /**
   * Trains for the configured epochs, or until a callback asks to stop, and returns the history.
   * The shards are built and cached at the start and released at the end. When a round fails, every
   * callback whose {@code onTrainBegin} ran gets {@code onTrainEnd}, then a {@link
   * SparkTrainingException} carrying the worker's message propagates.
   */
  public History fit() {
    String runId = UUID.randomUUID().toString();
    Layout parameters = Layout.of(model.parameters());
    Layout buffers = Layout.of(model.buffers());
    ModelBlueprint blueprint =
        ModelBlueprint.of(
            model, lossConfig, optimizerSpec, components, executorBackend, inputShape, targetShape);
    Run run = new Run();
    List<Callback> begun = new ArrayList<>();
    JavaRDD<Shard> shards = null;
    long rounds = 0;
    long samples = 0;
    long driverNanos = 0;
    long roundNanos = 0;
    try {
      long count = wrap("counting the training samples", () -> trainingData.count());
      DataPlan plan = new DataPlan(count, workers, batchSize, seed, shuffle);
      JavaRDD<Shard> built =
          trainingData
              .zipWithIndex()
              .mapToPair(pair -> new Tuple2<>(pair._2(), pair._1()))
              .partitionBy(new Partitioning.ByWorker(workers))
              .mapPartitionsWithIndex(
                  new Partitioning.BuildShard(workers, inputShape, targetShape), true)
              .persist(StorageLevel.MEMORY_ONLY());
      shards = built;
      wrap("building the shards", () -> built.count());
      for (Callback c : callbacks) {
        c.onTrainBegin(run);
        begun.add(c);
      }
      for (int epoch = 1; epoch <= epochs && run.stopReason == null; epoch++) {
        long epochStart = System.nanoTime();
        model.train(true);
        for (Callback c : callbacks) {
          c.onEpochBegin(run, epoch);
        }
        double lossSum = 0;
        long epochSamples = 0;
        for (int first = 0; first < plan.stepsPerEpoch(); first += averagingPeriod) {
          int steps = Math.min(averagingPeriod, plan.stepsPerEpoch() - first);
          Contribution result =
              round(runId, blueprint, plan, built, epoch, first, steps, parameters, buffers);
          driverNanos += result.driverNanos;
          roundNanos += result.roundNanos;
          rounds++;
          samples += result.samples;
          epochSamples += result.samples;
          lossSum += result.lossSum;
          run.step += steps;
          double roundLoss = result.lossSum / result.samples;
          for (Callback c : callbacks) {
            c.onBatchEnd(
                run, run.step, roundLoss, (int) Math.min(Integer.MAX_VALUE, result.samples));
          }
        }
        Map<String, Double> results = new LinkedHashMap<>();
        results.put("loss", lossSum / epochSamples);
        if (validationData != null) {
          results.putAll(validate(epoch));
        }
        Map<String, Double> frozen = Collections.unmodifiableMap(results);
        run.history.add(frozen);
        if (progress) {
          printEpoch(epoch, (System.nanoTime() - epochStart) / 1e9, epochSamples, frozen);
        }
        for (Callback c : callbacks) {
          c.onEpochEnd(run, epoch, frozen);
        }
      }
      List<Callback> ending = new ArrayList<>(begun);
      begun.clear();
      ending.forEach(c -> c.onTrainEnd(run));
    } catch (RuntimeException | Error e) {
      for (Callback c : begun) {
        try {
          c.onTrainEnd(run);
        } catch (RuntimeException | Error suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    } finally {
      if (shards != null) {
        shards.unpersist(false);
      }
      statistics = new Statistics(rounds, samples, roundNanos / 1e9, driverNanos / 1e9);
    }
    return new History(List.copyOf(run.history), Optional.ofNullable(run.stopReason));
  }

  /**
   * One round: broadcast, one task per shard, the sum by the configured {@link Synchronisation},
   * the driver's update. Returns the (already applied) contribution with its timings.
   */
  private Contribution round(
      String runId,
      ModelBlueprint blueprint,
      DataPlan plan,
      JavaRDD<Shard> shards,
      int epoch,
      int first,
      int steps,
      Layout parameters,
      Layout buffers) {
    long t0 = System.nanoTime();
    Broadcast<RoundInput> broadcast =
        spark.broadcast(roundInput(epoch, first, steps, parameters, buffers));
    long t1 = System.nanoTime();
    RoundFunction task =
        new RoundFunction(runId, blueprint, plan, method, parameters, buffers, broadcast);
    Contribution result;
    try {
      result =
          wrap(
              "epoch " + epoch + ", steps " + first + ".." + (first + steps - 1),
              () -> {
                JavaRDD<Contribution> contributions = shards.mapPartitions(task, true);
                return synchronisation == Synchronisation.SLICED_ALL_REDUCE
                    ? SlicedAllReduce.sum(contributions, workers)
                    : contributions.treeAggregate(
                        Contribution.empty(), Contribution::merge, Contribution::merge, treeDepth);
              });
    } finally {
      broadcast.destroy();
    }
    long t2 = System.nanoTime();
    apply(result, parameters, buffers);
    long t3 = System.nanoTime();
    result.driverNanos = (t1 - t0) + (t3 - t2);
    result.roundNanos = t3 - t0;
    return result;
  }

  /** The broadcast of one round: the model, and for parameter averaging the optimizer's state. */
  private RoundInput roundInput(
      int epoch, int first, int steps, Layout parameters, Layout buffers) {
    float[] values = new float[parameters.size() + buffers.size()];
    parameters.addScaled(model.parameters(), 1f, values, 0, false);
    buffers.addScaled(model.buffers(), 1f, values, parameters.size(), false);
    if (method == SyncMethod.GRADIENT_AVERAGING) {
      return new RoundInput(epoch, first, steps, values, null, null, new double[0], new double[0]);
    }
    Map<String, Tensor> state = optimizer.state();
    try {
      Layout stateLayout = Layout.of(state);
      float[] stateValues = new float[stateLayout.size()];
      stateLayout.addScaled(state, 1f, stateValues, 0, false);
      List<ParameterGroup> groups = optimizer.groups();
      double[] rates = new double[groups.size()];
      double[] decays = new double[groups.size()];
      for (int g = 0; g < rates.length; g++) {
        rates[g] = groups.get(g).learningRate();
        decays[g] = groups.get(g).weightDecay();
      }
      return new RoundInput(epoch, first, steps, values, stateLayout, stateValues, rates, decays);
    } finally {
      state.values().forEach(Tensor::close);
    }
  }

  /** Divides the weighted sums by the samples and applies them to the driver's model. */
  private void apply(Contribution c, Layout parameters, Layout buffers) {
    if (c.values == null || c.samples == 0) {
      throw new IllegalStateException("spark trainer: a round came back without samples");
    }
    float[] values = c.values;
    float total = c.samples;
    for (int i = 0; i < values.length; i++) {
      values[i] /= total;
    }
    Backend backend = model.parameters().values().iterator().next().backend();
    try (NoGrad ignored = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      if (method == SyncMethod.GRADIENT_AVERAGING) {
        Map<String, Tensor> grads = parameters.tensors(backend, values, 0);
        model.parameters().forEach((name, p) -> p.setGrad(grads.get(name)));
        optimizer.step();
        optimizer.zeroGrad();
      } else {
        parameters.copyInto(model.parameters(), values, 0);
      }
      buffers.copyInto(model.buffers(), values, parameters.size());
    }
    if (method == SyncMethod.PARAMETER_AVERAGING) {
      Map<String, Tensor> state =
          c.stateLayout.tensors(backend, values, parameters.size() + buffers.size());
      try {
        optimizer.loadState(state);
      } finally {
        state.values().forEach(Tensor::close);
      }
    }
  }

  /** The per-sample validation loss and metrics, under {@code "val_"} names. */
  private Map<String, Double> validate(int epoch) {
    model.train(false);
    double lossSum = 0;
    double[] metricSums = new double[metrics.size()];
    long count = 0;
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Batch batch : validationData) {
        try (TensorScope scope = TensorScope.open();
            Batch b = batch) {
          Tensor prediction = model.forward(b.inputs());
          lossSum += (double) loss.compute(prediction, b.targets()).item() * b.size();
          for (int i = 0; i < metrics.size(); i++) {
            metricSums[i] += metrics.get(i).batchTotal(prediction, b.targets()).item();
          }
          count += b.size();
        }
      }
    } finally {
      model.train(true);
    }
    if (count == 0) {
      throw new IllegalStateException(
          "spark trainer: the validation data produced no samples in epoch " + epoch);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("val_loss", lossSum / count);
    for (int i = 0; i < metrics.size(); i++) {
      out.put("val_" + metrics.get(i).name(), metricSums[i] / count);
    }
    return out;
  }

  private void printEpoch(int epoch, double seconds, long samples, Map<String, Double> results) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %d/%d - %.1f s - %.0f samples/s",
                epoch,
                epochs,
                seconds,
                samples / seconds));
    results.forEach((k, v) -> line.append(String.format(Locale.ROOT, " - %s %.4f", k, v)));
    progressOutput.println(line);
  }

  /** A Spark action whose failure becomes a {@link SparkTrainingException} naming the stage. */
  private interface Action<T> {
    T run() throws Exception;
  }

  private static <T> T wrap(String what, Action<T> action) {
    try {
      return action.run();
    } catch (Exception e) {
      throw new SparkTrainingException(
          "spark trainer: " + what + " failed on a worker: " + workerMessage(e), e);
    }
  }

  /** The message of the exception a task threw: the innermost cause, else Spark's own summary. */
  static String workerMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null) {
      return root.getClass().getName() + ": " + root.getMessage();
    }
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The run in progress, as callbacks see it. */
  private final class Run implements TrainingContext {
    private final List<Map<String, Double>> history = new ArrayList<>();
    private final List<Map<String, Double>> view = Collections.unmodifiableList(history);
    private long step;
    private String stopReason;

    @Override
    public Layer model() {
      return model;
    }

    @Override
    public Optimizer optimizer() {
      return optimizer;
    }

    @Override
    public long step() {
      return step;
    }

    @Override
    public List<Map<String, Double>> history() {
      return view;
    }

    @Override
    public void requestStop(String reason) {
      if (stopReason == null) {
        stopReason = Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * Configures a {@link SparkTrainer}: Spark context, model, loss, optimizer spec and training data
   * (with its shapes) are required.
   */
  public static final class Builder {
    private JavaSparkContext spark;
    private Layer model;
    private Map<String, Object> lossConfig;
    private String optimizerSpec;
    private Components components = Components.builtIn();
    private JavaRDD<Sample> trainingData;
    private int[] inputShape;
    private int[] targetShape;
    private int workers;
    private int batchSize = 32;
    private long seed;
    private boolean shuffle = true;
    private SyncMethod method = SyncMethod.GRADIENT_AVERAGING;
    private int averagingPeriod = 1;
    private int treeDepth = 2;
    private Synchronisation synchronisation = Synchronisation.DEFAULT;
    private String executorBackend;
    private Iterable<Batch> validationData;
    private int epochs = 1;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private boolean progress = true;
    private PrintStream progressOutput = System.out;

    private Builder() {}

    /** The Spark context the rounds run on. */
    public Builder sparkContext(JavaSparkContext spark) {
      this.spark = spark;
      return this;
    }

    /** The driver's model: it holds the weights, and its architecture is rebuilt on executors. */
    public Builder model(Layer model) {
      this.model = model;
      return this;
    }

    /**
     * The loss as a configuration ({@code {"type": "sparse_cross_entropy"}}), built on the driver
     * and the executors through {@link Components#losses()}; it must reduce a batch to its mean for
     * the averages to mean what they say.
     */
    public Builder loss(Map<String, ?> config) {
      this.lossConfig = new LinkedHashMap<>(Objects.requireNonNull(config, "config"));
      return this;
    }

    /** A built-in loss, by its {@link ReducingLoss#config()}. */
    public Builder loss(ReducingLoss loss) {
      return loss(loss.config());
    }

    /** The optimizer spec (JSON, see {@code OptimizerSpec}), built on the driver and executors. */
    public Builder optimizer(String spec) {
      this.optimizerSpec = spec;
      return this;
    }

    /**
     * Where layers, losses and optimizers are built from (default {@link Components#builtIn()}).
     */
    public Builder components(Components components) {
      this.components = Objects.requireNonNull(components, "components");
      return this;
    }

    /**
     * The training samples, with the shape of one input and of one target ({@code []} for a class
     * index): any RDD, or IDX and CSV files read by path on the executors ({@link SampleFiles}).
     */
    public Builder trainingData(JavaRDD<Sample> samples, int[] inputShape, int[] targetShape) {
      this.trainingData = samples;
      this.inputShape = Objects.requireNonNull(inputShape, "inputShape").clone();
      this.targetShape = Objects.requireNonNull(targetShape, "targetShape").clone();
      Shard.elements(this.inputShape);
      Shard.elements(this.targetShape);
      return this;
    }

    /** The number of shards and tasks a round (default: the context's default parallelism). */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("spark trainer: workers must be >= 1, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Samples per worker and step (default 32); a step of W workers sees {@code W·B} samples. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "spark trainer: batch size must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Shuffles each shard every epoch with this seed (the default, with seed 0). */
    public Builder shuffle(long seed) {
      this.seed = seed;
      this.shuffle = true;
      return this;
    }

    /** Visits each shard in order every epoch. */
    public Builder noShuffle() {
      this.shuffle = false;
      return this;
    }

    /** Averages gradients every step, one optimizer on the driver (the default). */
    public Builder gradientAveraging() {
      this.method = SyncMethod.GRADIENT_AVERAGING;
      this.averagingPeriod = 1;
      return this;
    }

    /** Averages parameters and optimizer state every {@code k} local steps. */
    public Builder parameterAveraging(int k) {
      if (k < 1) {
        throw new IllegalArgumentException(
            "spark trainer: the averaging period must be >= 1 step, got " + k);
      }
      this.method = SyncMethod.PARAMETER_AVERAGING;
      this.averagingPeriod = k;
      return this;
    }

    /**
     * How the workers' results are summed each round (default {@link Synchronisation#DEFAULT}), for
     * either method.
     */
    public Builder synchronisation(Synchronisation synchronisation) {
      this.synchronisation = Objects.requireNonNull(synchronisation, "synchronisation");
      return this;
    }

    /** The depth of {@code treeAggregate} (default 2; unused by the sliced all-reduce). */
    public Builder treeDepth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("spark trainer: tree depth must be >= 1, got " + depth);
      }
      this.treeDepth = depth;
      return this;
    }

    /** The backend executors build on, by name (default: each executor's default backend). */
    public Builder executorBackend(String name) {
      this.executorBackend = name;
      return this;
    }

    /** Validation batches, run on the driver after each epoch; {@code null} for none. */
    public Builder validationData(Iterable<Batch> data) {
      this.validationData = data;
      return this;
    }

    /** How many epochs {@link #fit()} runs at most (default 1). */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("spark trainer: epochs must be >= 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Metrics reported on the validation data, besides its loss. */
    public Builder metrics(Metric... metrics) {
      this.metrics.addAll(List.of(metrics));
      return this;
    }

    /** Callbacks, called in this order on the driver (after the optimizer spec's schedule). */
    public Builder callbacks(Callback... callbacks) {
      this.callbacks.addAll(List.of(callbacks));
      return this;
    }

    /** Whether to print one line per epoch (default true). */
    public Builder progress(boolean progress) {
      this.progress = progress;
      return this;
    }

    /** Where the per-epoch lines go (default {@code System.out}). */
    public Builder progressOutput(PrintStream out) {
      this.progressOutput = Objects.requireNonNull(out, "out");
      return this;
    }

    /** The trainer; throws when a required part is missing or the optimizer spec is bad. */
    public SparkTrainer build() {
      return new SparkTrainer(this);
    }
  }
}
