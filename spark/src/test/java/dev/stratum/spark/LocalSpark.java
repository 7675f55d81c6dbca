package dev.stratum.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One {@code local[2]} Spark context for every test class of the module (starting one takes a few
 * seconds), bound to the loopback address, without its web UI; stopped when the JVM exits.
 */
final class LocalSpark {

  private static JavaSparkContext context;

  private LocalSpark() {}

  static synchronized JavaSparkContext get() {
    if (context == null) {
      SparkConf conf =
          new SparkConf()
              .setMaster("local[2]")
              .setAppName("stratum-spark-tests")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1")
              .set("spark.ui.showConsoleProgress", "false");
      context = new JavaSparkContext(conf);
      context.setLogLevel("WARN");
      JavaSparkContext started = context;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return context;
  }

  /** Stops the shared context (a JVM runs one at a time); the next {@link #get} starts another. */
  static synchronized void stop() {
    if (context != null) {
      context.stop();
      context = null;
    }
  }
}
