#!/usr/bin/env bash
# Workload 4 of WORKLOADS.md (recurrent layers): one LSTM, GRU or tanh RNN layer, input 32,
# hidden 128, sequence 50, batch 64; forward over the 50 steps, loss = sum of the last hidden
# state, backward through every step, no optimizer step. Stratum on the vector backend with 1 and
# 2 threads, then PyTorch with the same thread budgets (each torch/OpenBLAS thread pairing, with
# OMP_WAIT_POLICY=PASSIVE), then a side-by-side table of sequences/s with ratios against the best
# PyTorch pairing, written to benchmarks/target/recurrent/table.md (raw JSON beside it).
#
#   benchmarks/run-recurrent.sh                  # lstm gru rnn (about 6 minutes)
#   benchmarks/run-recurrent.sh lstm             # one cell
#   REPS=9 SECONDS_PER_REP=3 benchmarks/run-recurrent.sh
#   TORCH_COMBOS="1:1 2:1" THREADS="1 2" benchmarks/run-recurrent.sh
#
# STRATUM_JVM_ARGS goes to the benchmark JVM. Needs JDK 25 and Debian's python3-torch.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/recurrent
mkdir -p "$out"
cells=("${@:-lstm gru rnn}")
read -r -a cells <<< "${cells[*]}"
reps="${REPS:-7}"
seconds="${SECONDS_PER_REP:-2}"
threads="${THREADS:-1 2}"
combos="${TORCH_COMBOS-1:1 2:1 1:2 2:2}"

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "load before: $(uptime)" | tee "$out/load.txt"
results=()
for c in "${cells[@]}"; do
  for t in $threads; do
    file="$out/stratum-$c-$t.json"
    # shellcheck disable=SC2086 # STRATUM_JVM_ARGS is a list of flags
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.benchmarks.RecurrentWorkload \
      "cell=$c" "threads=$t" "reps=$reps" "seconds=$seconds" 2>/dev/null | tee "$file"
    results+=("$file")
  done
  for t in $threads; do
    for combo in $combos; do
      tt="${combo%%:*}" bt="${combo##*:}"
      (( (tt > bt ? tt : bt) == t )) || continue
      file="$out/torch-$c-$t-$tt-$bt.json"
      OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$tt OPENBLAS_NUM_THREADS=$bt MKL_NUM_THREADS=$bt \
        /usr/bin/python3 benchmarks/reference/recurrent_torch.py --cell "$c" --threads "$tt" \
        --reps "$reps" --seconds "$seconds" | tee "$file"
      results+=("$file")
    done
  done
done
echo "load after: $(uptime)" | tee -a "$out/load.txt"

cpu="$(lscpu | sed -n 's/^Model name: *//p')"
simd="$(grep -o -w 'avx512f\|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo
echo "Workload 4 on $cpu ($simd), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
/usr/bin/python3 benchmarks/reference/recurrent_table.py "${results[@]}" | tee "$out/table.md"
