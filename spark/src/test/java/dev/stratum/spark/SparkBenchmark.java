package dev.stratum.spark;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The figures of {@code benchmarks/README.md} ("Data-parallel training on Spark"); run by {@code
 * benchmarks/run-spark.sh}. Two parts, each printed as a Markdown table:
 *
 * <ol>
 *   <li>Throughput of the small CNN (workload 3: Conv-ReLU-Pool ×2, Dense(1568,10); SGD lr 0.01
 *       momentum 0.9; 64 samples a step in all) on the first {@code spark.bench.samples}
 *       Fashion-MNIST training images: one machine with the {@code Trainer} (the reference, same
 *       run), then {@code local[1]} with one worker and {@code local[2]} with two, by gradient
 *       averaging and by parameter averaging every 8 steps. One warm-up fit, then a timed fit of
 *       one epoch; samples/s counts round time only (not building the shards).
 *   <li>Time per synchronisation against the parameter count: {@code Dense(n, n)} with MSE, one
 *       sample a worker and step, on {@code local[2]}, so the compute is negligible and a round is
 *       the broadcast, two tasks, the sum and the driver's update; for gradient averaging and for
 *       parameter averaging with {@code k = 1} (plain SGD, so no optimizer state), each summed by
 *       {@code treeAggregate} and by the sliced all-reduce ({@link Synchronisation}). Then the
 *       floor: an empty two-task Spark job.
 * </ol>
 */
public final class SparkBenchmark {

  private SparkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int samples = Integer.getInteger("spark.bench.samples", 3000);
    Dataset train = fashion(samples);
    System.out.println("## Throughput, small CNN, " + samples + " training images\n");
    System.out.println(
        "| run | workers | method | rounds | samples/s | s/round | vs one machine |");
    System.out.println("|---|---|---|---|---|---|---|");
    double reference = oneMachine(train);
    row("one machine (Trainer)", "-", "-", samples / 64.0, reference, 64.0 / reference, reference);
    for (int threads = 1; threads <= 2; threads++) {
      try (JavaSparkContext spark = context(threads)) {
        JavaRDD<Sample> rdd = spark.parallelize(Sample.of(train), threads).cache();
        for (int k : new int[] {1, 8}) {
          SparkTrainer.Statistics s = timedFit(spark, rdd, threads, k);
          row(
              "local[" + threads + "]",
              Integer.toString(threads),
              k == 1 ? "gradient averaging" : "parameter averaging, k = " + k,
              s.rounds(),
              s.samplesPerSecond(),
              s.secondsPerRound(),
              reference);
        }
      }
    }

    System.out.println("\n## Time per synchronisation, Dense(n, n), local[2], 2 workers\n");
    System.out.println(
        "| parameters | MB each way | method | treeAggregate s/round (driver part)"
            + " | sliced all-reduce s/round (driver part) | sliced / tree |");
    System.out.println("|---|---|---|---|---|---|");
    try (JavaSparkContext spark = context(2)) {
      double empty = emptyJob(spark);
      for (int n : new int[] {32, 316, 1000, 2000}) {
        long parameters = (long) n * n + n;
        for (boolean averaging : new boolean[] {false, true}) {
          SparkTrainer.Statistics tree =
              syncOnly(spark, n, averaging, Synchronisation.TREE_AGGREGATE);
          SparkTrainer.Statistics sliced =
              syncOnly(spark, n, averaging, Synchronisation.SLICED_ALL_REDUCE);
          System.out.printf(
              Locale.ROOT,
              "| %,d | %.2f | %s | %.3f (%.3f) | %.3f (%.3f) | %.2f |%n",
              parameters,
              parameters * 4 / 1e6,
              averaging ? "parameter averaging, k = 1" : "gradient averaging",
              tree.secondsPerRound(),
              tree.driverSeconds() / tree.rounds(),
              sliced.secondsPerRound(),
              sliced.driverSeconds() / sliced.rounds(),
              sliced.secondsPerRound() / tree.secondsPerRound());
        }
      }
      System.out.printf(Locale.ROOT, "%nEmpty two-task Spark job (the floor): %.3f s%n", empty);
    }
  }

  private static void row(
      String run,
      String workers,
      String method,
      double rounds,
      double perSecond,
      double perRound,
      double reference) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %.0f | %.0f | %.3f | %.2f |%n",
        run,
        workers,
        method,
        rounds,
        perSecond,
        perRound,
        perSecond / reference);
  }

  static Sequential smallCnn(Backend backend, long seed) {
    LayerOptions options = LayerOptions.defaults().on(backend).seed(seed);
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, false, options),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, false, options),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dense(32 * 7 * 7, 10, options));
  }

  static final String SGD = "{\"optimizer\": \"momentum\", \"lr\": 0.01, \"momentum\": 0.9}";

  private static Dataset fashion(int samples) throws Exception {
    Path full = Path.of(FashionMnist.DEFAULT_FOLDER);
    Path folder =
        Files.isDirectory(full)
            ? full
            : Path.of(System.getProperty("stratum.testdata", "testdata"), "fashion-mnist-subset");
    Dataset all = FashionMnist.load(folder, "train");
    int n = Math.min(samples, all.size());
    int[] first = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = i;
    }
    return all.subset(first);
  }

  /** Samples/s of the Trainer over one epoch after a warm-up epoch. */
  private static double oneMachine(Dataset train) {
    Backend backend = Backends.get();
    try (Sequential model = smallCnn(backend, 1);
        DataLoader loader =
            DataLoader.builder(train).batchSize(64).shuffle(1).backend(backend).build()) {
      Trainer trainer =
          Trainer.builder()
              .model(model)
              .optimizer(OptimizerSpec.builtIn().build(SGD, model.parameters()).optimizer())
              .loss(new SparseCrossEntropy())
              .trainingData(loader)
              .epochs(1)
              .progress(false)
              .build();
      trainer.fit();
      long t0 = System.nanoTime();
      trainer.fit();
      return train.size() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static SparkTrainer.Statistics timedFit(
      JavaSparkContext spark, JavaRDD<Sample> rdd, int workers, int k) {
    try (Sequential model = smallCnn(Backends.get(), 1)) {
      SparkTrainer.Builder b =
          SparkTrainer.builder()
              .sparkContext(spark)
              .model(model)
              .loss(new SparseCrossEntropy())
              .optimizer(SGD)
              .trainingData(rdd, new int[] {1, 28, 28}, new int[] {})
              .workers(workers)
              .batchSize(64 / workers)
              .epochs(1)
              .progress(false);
      SparkTrainer trainer = (k == 1 ? b.gradientAveraging() : b.parameterAveraging(k)).build();
      trainer.fit();
      trainer.fit();
      return trainer.statistics();
    }
  }

  /**
   * Rounds of one sample a worker through a Dense(n, n): the cost of a round itself, 8 rounds a fit
   * after a warm-up fit.
   */
  private static SparkTrainer.Statistics syncOnly(
      JavaSparkContext spark, int n, boolean parameterAveraging, Synchronisation sync) {
    Random random = new Random(n);
    List<Sample> data = new ArrayList<>();
    for (int i = 0; i < 2 * 8; i++) {
      float[] x = new float[n];
      float[] y = new float[n];
      for (int j = 0; j < n; j++) {
        x[j] = (float) random.nextGaussian();
        y[j] = (float) random.nextGaussian();
      }
      data.add(new Sample(x, y));
    }
    Backend backend = Backends.get();
    try (Sequential model =
        new Sequential(new Dense(n, n, LayerOptions.defaults().on(backend).seed(1)))) {
      SparkTrainer.Builder b =
          SparkTrainer.builder()
              .sparkContext(spark)
              .model(model)
              .loss(Map.of("type", "mse"))
              .optimizer("{\"optimizer\": \"sgd\", \"lr\": 0.001}")
              .trainingData(spark.parallelize(data, 2), new int[] {n}, new int[] {n})
              .workers(2)
              .batchSize(1)
              .synchronisation(sync)
              .epochs(1)
              .progress(false);
      SparkTrainer trainer =
          (parameterAveraging ? b.parameterAveraging(1) : b.gradientAveraging()).build();
      trainer.fit();
      trainer.fit();
      return trainer.statistics();
    }
  }

  /** The median of 15 timed two-task jobs that do nothing: Spark's floor per round. */
  private static double emptyJob(JavaSparkContext spark) {
    JavaRDD<Integer> two = spark.parallelize(List.of(1, 2), 2).cache();
    two.count();
    double[] times = new double[15];
    for (int i = 0; i < times.length; i++) {
      long t0 = System.nanoTime();
      two.map(x -> x + 1).reduce(Integer::sum);
      times[i] = (System.nanoTime() - t0) / 1e9;
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }

  private static JavaSparkContext context(int threads) {
    SparkConf conf =
        new SparkConf()
            .setMaster("local[" + threads + "]")
            .setAppName("stratum-spark-benchmark")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1");
    JavaSparkContext spark = new JavaSparkContext(conf);
    spark.setLogLevel("WARN");
    return spark;
  }
}
