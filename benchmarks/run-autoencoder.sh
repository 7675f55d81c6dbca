#!/usr/bin/env bash
# Dense autoencoder training step (workload 2) on the vector and OpenCL backends: samples/s
# min / median / max over 5 repetitions of 100 steps, after 100 warm-up steps.
#
#   benchmarks/run-autoencoder.sh                   # both backends (about 3 minutes on PoCL)
#   benchmarks/run-autoencoder.sh opencl            # one backend
#   STRATUM_JVM_ARGS="-Dsteps=469 -Dreps=5" benchmarks/run-autoencoder.sh   # whole epochs
#
# Needs JDK 25, an OpenCL driver for the opencl row, and Debian's dataset-fashion-mnist
# (/usr/share/datasets/fashion-mnist; random pixels are used without it).
set -euo pipefail

cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=benchmarks/target/autoencoder
mkdir -p "$out"

./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "Dense autoencoder step, $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
# shellcheck disable=SC2086 # STRATUM_JVM_ARGS is a list of flags
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.benchmarks.DenseAutoencoderStep "$@" \
  | tee "$out/table.md"
