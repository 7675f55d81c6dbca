package dev.stratum.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.CsvReader;
import dev.stratum.layers.Sequential;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training on {@code local-cluster[2,1,1024]}: two executor JVMs started by an in-process
 * standalone worker, so every closure, broadcast and result really crosses a process boundary: with
 * {@code treeAggregate} on samples in memory, and with the sliced all-reduce (whose shuffle moves
 * slices between the executor JVMs) on samples the executors read from a CSV file by path. Opt-in
 * ({@code -Dstratum.spark.localCluster=true}): two JVM start-ups make it slow for CI.
 *
 * <p>Spark launches executors from {@code $SPARK_HOME/jars} and refuses a home without a {@code
 * RELEASE} file, so the test builds one under {@code target/spark-home} from the jars of its own
 * class path; the module's surefire configuration sets {@code SPARK_HOME} there, {@code
 * SPARK_SCALA_VERSION=2.13} and loopback-only addresses. Executors get the test class path and the
 * Vector API flag through {@code spark.executor.extraClassPath} and {@code extraJavaOptions}.
 */
@EnabledIfSystemProperty(named = "stratum.spark.localCluster", matches = "true")
class LocalClusterTest {

  @Test
  void twoExecutorJvmsTrainLikeTwoThreads() throws Exception {
    String home = System.getenv("SPARK_HOME");
    assertThat(home).as("SPARK_HOME (set by the module's surefire configuration)").isNotNull();
    // absolute: executors run in the worker's own directory
    String classPath =
        String.join(
            File.pathSeparator,
            java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .toList());
    sparkHome(Path.of(home), classPath);
    Backend backend = Backends.get("vector");
    ArrayDataset data = TestModels.blobs(64, 8, 3, 31);
    // the same samples as a CSV file, for the runs that read them by path on the executors
    // (Float.toString round-trips every float exactly)
    Path csv = Files.createTempFile("stratum-local-cluster", ".csv");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < data.size(); i++) {
      for (float v : data.input(i)) {
        text.append(v).append(',');
      }
      text.append((int) data.target(i)[0]).append('\n');
    }
    Files.writeString(csv, text);
    CsvReader reader = CsvReader.builder().labelColumn(8).build();
    double[][] losses = new double[4][];
    LocalSpark.stop();
    for (int run = 0; run < 4; run++) {
      SparkConf conf =
          new SparkConf()
              .setMaster(run % 2 == 0 ? "local-cluster[2,1,1024]" : "local[2]")
              .setAppName("stratum-local-cluster-test")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1")
              .set("spark.executor.extraClassPath", classPath)
              .set(
                  "spark.executor.extraJavaOptions",
                  "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED");
      try (JavaSparkContext spark = new JavaSparkContext(conf);
          Sequential model = TestModels.mlp(backend, 8, 8, 3, 4)) {
        spark.setLogLevel("WARN");
        // runs 2 and 3: the sliced all-reduce, on samples the executors read from the CSV file
        boolean sliced = run >= 2;
        losses[run] =
            SparkTrainer.builder()
                .sparkContext(spark)
                .model(model)
                .loss(Map.of("type", "sparse_cross_entropy"))
                .optimizer("{\"optimizer\": \"adam\", \"lr\": 0.01}")
                .trainingData(
                    sliced
                        ? SampleFiles.csv(spark, csv.toString(), reader, 3)
                        : spark.parallelize(Sample.of(data), 2),
                    new int[] {8},
                    new int[] {})
                .synchronisation(
                    sliced ? Synchronisation.SLICED_ALL_REDUCE : Synchronisation.TREE_AGGREGATE)
                .workers(2)
                .batchSize(8)
                .parameterAveraging(2)
                .executorBackend("vector")
                .epochs(2)
                .progress(false)
                .build()
                .fit()
                .metric("loss");
      }
    }
    Files.delete(csv);
    // the same plan, the same arithmetic: executor JVMs and threads, either synchronisation, and
    // samples from memory or from the file give the same losses
    for (int run = 0; run < 3; run++) {
      for (int e = 0; e < 2; e++) {
        assertThat(losses[run][e])
            .as("run %d, epoch %d", run, e + 1)
            .isCloseTo(losses[3][e], within(1e-6 * losses[3][e]));
      }
    }
  }

  /** A Spark home Spark's launcher accepts: a RELEASE file and jars/ linking our class path's. */
  private static void sparkHome(Path home, String classPath) throws Exception {
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 (for the stratum-spark tests)\n");
    List<String> entries = new ArrayList<>(List.of(classPath.split(File.pathSeparator)));
    for (String entry : entries) {
      Path jar = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
      }
    }
  }
}
