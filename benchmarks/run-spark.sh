#!/usr/bin/env bash
# Data-parallel training on Spark (spark/): samples/s of the small CNN (workload 3) with the
# one-machine Trainer as the reference in the same run, then local[1] and local[2] by gradient
# averaging and by parameter averaging every 8 steps; then the time of one synchronisation round
# against the parameter count (Dense(n, n), one sample per worker and step), for gradient
# averaging and parameter averaging, each by treeAggregate and by the sliced all-reduce
# (spark's Synchronisation), then an empty two-task Spark job. Tables on stdout and in benchmarks/target/spark/table.md,
# with the load average before and after (see benchmarks/README.md, "Data-parallel training on
# Spark"). About 5 minutes on a quiet 2-core machine.
#
#   benchmarks/run-spark.sh
#   SAMPLES=6000 benchmarks/run-spark.sh     # more images per epoch (default 3000)
#
# Uses the full Fashion-MNIST when Debian's dataset-fashion-mnist is installed, otherwise the
# 1,000-image subset in testdata/. The benchmark main is in spark's test sources
# (dev.stratum.spark.SparkBenchmark), so the module's jar holds no benchmark code.
set -euo pipefail

cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=benchmarks/target/spark
mkdir -p "$out"

./mvnw -B -q -pl spark -am test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
classpath="spark/target/test-classes:spark/target/classes:$(cat spark/target/classpath.txt)"

{
  echo "load before: $(uptime)"
  SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost \
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Dspark.bench.samples="${SAMPLES:-3000}" -Dstratum.testdata="$PWD/testdata" \
    -Dlog4j2.configurationFile=spark/src/test/resources/log4j2-test.properties \
    ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.spark.SparkBenchmark
  echo "load after: $(uptime)"
} 2> "$out/stderr.txt" | tee "$out/table.md"
