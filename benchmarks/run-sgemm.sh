#!/usr/bin/env bash
# SGEMM (workload 1): Stratum's VectorGemm under JMH, then OpenBLAS through NumPy, 1 and 2
# threads each, then a side-by-side table of GFLOP/s (min / median / max).
#
#   benchmarks/run-sgemm.sh                      # everything (about 6 minutes)
#   benchmarks/run-sgemm.sh -p n=1024,2048       # extra arguments go to JMH
#   STRATUM_JVM_ARGS=-Dstratum.gemm.mr=5 benchmarks/run-sgemm.sh   # tune the kernel
#
# Needs JDK 25 (JAVA_HOME, else found as scripts/java25.sh does) and Debian's
# python3-numpy with OpenBLAS: apt-get install -y python3-numpy libopenblas0-pthread
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/sgemm
mkdir -p "$out"

# Build the module and what it depends on, and write its runtime classpath.
[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

jmh_jvm_args=()
if [[ -n "${STRATUM_JVM_ARGS:-}" ]]; then
  jmh_jvm_args=(-jvmArgsAppend "$STRATUM_JVM_ARGS")
fi
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
  SgemmBenchmark -foe true -rf json -rff "$out/jmh.json" "${jmh_jvm_args[@]}" "$@"

sizes="$(/usr/bin/python3 -c 'import json,sys; print(",".join(sorted({r["params"]["n"] for r in json.load(open(sys.argv[1]))}, key=int)))' "$out/jmh.json")"
for t in 1 2; do
  OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t /usr/bin/python3 benchmarks/reference/sgemm_numpy.py \
    --sizes "$sizes" > "$out/numpy-$t.json"
done

echo
echo "SGEMM on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
/usr/bin/python3 benchmarks/reference/sgemm_table.py "$out/jmh.json" "$out/numpy-1.json" "$out/numpy-2.json" \
  | tee "$out/table.md"
