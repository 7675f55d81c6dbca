#!/usr/bin/env bash
# SGEMM (workload 1) on the OpenCL backend: C = A·B, n×n, timed on the device (each product is
# waited for), GFLOP/s min / median / max over 7 repetitions of about 0.5 s each.
#
#   benchmarks/run-opencl-sgemm.sh                  # n = 512 1024 2048 (about 2 minutes on PoCL)
#   benchmarks/run-opencl-sgemm.sh 4096             # other sizes (the GPU target is at 4096)
#   STRATUM_JVM_ARGS="-Dstratum.opencl.device=1 -Dopencl.gemmLocal=16x8" benchmarks/run-opencl-sgemm.sh
#
# Needs JDK 25 (JAVA_HOME, else found as scripts/java25.sh does) and an OpenCL driver:
# apt-get install -y ocl-icd-libopencl1 ocl-icd-opencl-dev pocl-opencl-icd (or a GPU vendor's ICD).
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
out=benchmarks/target/opencl
mkdir -p "$out"

# Build the module and what it depends on, and write its runtime classpath.
[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "SGEMM on OpenCL, $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
# shellcheck disable=SC2086 # STRATUM_JVM_ARGS is a list of flags
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${STRATUM_JVM_ARGS:-} -cp "$classpath" \
  dev.stratum.benchmarks.OpenClSgemm "$@" | tee "$out/sgemm.md"
