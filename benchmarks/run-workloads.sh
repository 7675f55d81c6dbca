#!/usr/bin/env bash
# Training workloads 2 (dense autoencoder) and 3 (small CNN) of WORKLOADS.md: Stratum's layers,
# loss, optimizer, DataLoader and Trainer on the vector backend with 1 and 2 threads, then the
# PyTorch reference with the same thread counts, then a side-by-side table of samples/s
# (min / median / max over the timed epochs) with ratios, written to
# benchmarks/target/workloads/table.md (raw JSON beside it).
#
#   benchmarks/run-workloads.sh                   # both workloads (about 25 minutes)
#   benchmarks/run-workloads.sh cnn               # one workload
#   EPOCHS=5 benchmarks/run-workloads.sh          # timed epochs after the warm-up (default 3)
#   BACKENDS="vector opencl" THREADS=2 benchmarks/run-workloads.sh dense-ae
#   TORCH_COMBOS="1:1 2:1" benchmarks/run-workloads.sh   # torch:OpenBLAS thread pairs to try (empty: none)
#
# Each PyTorch thread count is run with several torch/OpenBLAS thread pairs (TOOLCHAIN.md: the
# two pools fight on 2 cores) and OMP_WAIT_POLICY=PASSIVE; the ratio is taken against the best.
# STRATUM_JVM_ARGS goes to the benchmark JVM; LOOP=plain times a bare loop instead of the Trainer.
# Needs JDK 25, Debian's python3-torch and dataset-fashion-mnist.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/workloads
mkdir -p "$out"
workloads=("${@:-dense-ae cnn}")
read -r -a workloads <<< "${workloads[*]}"
epochs="${EPOCHS:-3}"
limit="${LIMIT:-60000}"  # training images per epoch; smaller only to try the script
threads="${THREADS:-1 2}"
backends="${BACKENDS:-vector}"
combos="${TORCH_COMBOS-1:1 2:1 1:2 2:2}"  # empty: no reference runs

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "load before: $(uptime)" | tee "$out/load.txt"
results=()
for w in "${workloads[@]}"; do
  for b in $backends; do
    for t in $threads; do
      file="$out/stratum-$w-$b-$t.json"
      # shellcheck disable=SC2086 # STRATUM_JVM_ARGS is a list of flags
      "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.benchmarks.TrainingWorkloads \
        "workload=$w" "backend=$b" "threads=$t" "epochs=$epochs" "loop=${LOOP:-trainer}" \
        "limit=$limit" | tee "$file"
      results+=("$file")
    done
  done
  quality=$([[ $w == dense-ae ]] && echo 5 || echo 3)
  for t in $threads; do
    for combo in $combos; do
      tt="${combo%%:*}" bt="${combo##*:}"
      (( (tt > bt ? tt : bt) == t )) || continue
      file="$out/torch-$w-$t-$tt-$bt.json"
      OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$tt OPENBLAS_NUM_THREADS=$bt MKL_NUM_THREADS=$bt \
        /usr/bin/python3 benchmarks/reference/workloads_torch.py --workload "$w" --threads "$tt" \
        --epochs "$epochs" --limit "$limit" --quality-epoch "$quality" | tee "$file"
      results+=("$file")
    done
  done
done
echo "load after: $(uptime)" | tee -a "$out/load.txt"

echo
echo "Training workloads on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
/usr/bin/python3 benchmarks/reference/workloads_table.py "${results[@]}" | tee "$out/table.md"
