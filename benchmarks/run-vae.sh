#!/usr/bin/env bash
# The VAE on workload 2's dense architecture (VaeWorkload.java): Stratum's VariationalAutoencoder,
# its step and the Trainer on the vector backend with 1 and 2 threads, then PyTorch's VAE written
# the same way (reference/vae_torch.py) with the same thread budgets, then a side-by-side table
# of samples/s (min / median / max over the timed epochs) with ratios, written to
# benchmarks/target/vae/table.md (raw JSON and uptime beside it).
#
#   benchmarks/run-vae.sh                           # 5 timed epochs, 1 and 2 threads
#   EPOCHS=3 THREADS=1 benchmarks/run-vae.sh
#   TORCH_COMBOS="1:1 2:1" benchmarks/run-vae.sh    # torch:OpenBLAS thread pairs (empty: none)
#
# Needs JDK 25, Debian's python3-torch and dataset-fashion-mnist.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/vae
mkdir -p "$out"
epochs="${EPOCHS:-5}"
limit="${LIMIT:-60000}"
threads="${THREADS:-1 2}"
combos="${TORCH_COMBOS-1:1 2:1 1:2 2:2}"

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "load before: $(uptime)" | tee "$out/load.txt"
results=()
for t in $threads; do
  file="$out/stratum-vae-vector-$t.json"
  # shellcheck disable=SC2086 # STRATUM_JVM_ARGS is a list of flags
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.benchmarks.VaeWorkload \
    backend=vector "threads=$t" "epochs=$epochs" "limit=$limit" | tee "$file"
  results+=("$file")
  for combo in $combos; do
    tt="${combo%%:*}" bt="${combo##*:}"
    (( (tt > bt ? tt : bt) == t )) || continue
    file="$out/torch-vae-$t-$tt-$bt.json"
    OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$tt OPENBLAS_NUM_THREADS=$bt MKL_NUM_THREADS=$bt \
      /usr/bin/python3 benchmarks/reference/vae_torch.py --threads "$tt" --epochs "$epochs" \
      --limit "$limit" | tee "$file"
    results+=("$file")
  done
done
echo "load after: $(uptime)" | tee -a "$out/load.txt"

echo
echo "VAE on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
/usr/bin/python3 benchmarks/reference/vae_table.py "${results[@]}" | tee "$out/table.md"
