#!/usr/bin/env bash
# Workload 5 of WORKLOADS.md, the convolutional autoencoder: Stratum's Autoencoders.convolutional
# trained with the Trainer and its AutoencoderStep on the vector backend with 1 and 2 threads,
# then the PyTorch reference (reference/conv_ae_torch.py) with the same thread budgets and several
# torch/OpenBLAS thread pairs (OMP_WAIT_POLICY=PASSIVE), all in one run; then a side-by-side table
# of samples/s (min / median / max over the timed epochs) with ratios against the best PyTorch
# pairing, the machine (lscpu model, AVX2/AVX-512) and the load average before and after, written
# to benchmarks/target/conv-autoencoder/table.md (raw JSON beside it).
#
#   benchmarks/run-conv-autoencoder.sh                 # about 10 minutes on a quiet 2-core machine
#   EPOCHS=3 LIMIT=6400 benchmarks/run-conv-autoencoder.sh   # a quick try
#   BACKENDS="vector opencl" THREADS=2 benchmarks/run-conv-autoencoder.sh
#
# Needs JDK 25, Debian's python3-torch and dataset-fashion-mnist.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/conv-autoencoder
mkdir -p "$out"
epochs="${EPOCHS:-5}"
limit="${LIMIT:-12800}"  # training images per timed epoch (100 steps of 128)
threads="${THREADS:-1 2}"
backends="${BACKENDS:-vector}"
combos="${TORCH_COMBOS-1:1 2:1 1:2 2:2}"

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

flags=$(lscpu | sed -n 's/^Flags: *//p')
simd=$([[ " $flags " == *" avx512f "* ]] && echo "AVX-512" || ([[ " $flags " == *" avx2 "* ]] && echo "AVX2, no AVX-512" || echo "no AVX2"))
machine="$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $simd"
echo "machine: $machine" | tee "$out/machine.txt"
echo "load before: $(cat /proc/loadavg)" | tee "$out/load.txt"
results=()
for b in $backends; do
  for t in $threads; do
    file="$out/stratum-$b-$t.json"
    # shellcheck disable=SC2086 # STRATUM_JVM_ARGS is a list of flags
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.benchmarks.ConvAutoencoderWorkload \
      "backend=$b" "threads=$t" "epochs=$epochs" "limit=$limit" | tee "$file"
    results+=("$file")
  done
done
for t in $threads; do
  for combo in $combos; do
    tt="${combo%%:*}" bt="${combo##*:}"
    (( (tt > bt ? tt : bt) == t )) || continue
    file="$out/torch-$t-$tt-$bt.json"
    (cd benchmarks/reference && OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$tt OPENBLAS_NUM_THREADS=$bt \
      MKL_NUM_THREADS=$bt /usr/bin/python3 conv_ae_torch.py --threads "$tt" --epochs "$epochs" \
      --limit "$limit") | tee "$file"
    results+=("$file")
  done
done
echo "load after: $(cat /proc/loadavg)" | tee -a "$out/load.txt"

{
  echo "Workload 5 (convolutional autoencoder) on $machine, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load average before: $(sed -n 's/^load before: //p' "$out/load.txt"); after: $(cat /proc/loadavg)"
  echo
  /usr/bin/python3 benchmarks/reference/workloads_table.py "${results[@]}"
} | tee "$out/table.md"
