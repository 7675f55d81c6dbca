#!/usr/bin/env bash
# Start-up of the stratum CLI (issue 13, item 6): over RUNS fresh processes each, `stratum train
# --model mlp` on the 1,000-image Fashion-MNIST subset in testdata/ without and with the launcher's
# AOT cache (lib/stratum.aot, built here by `stratum aot`, the command a user runs), and the same
# training in PyTorch (reference/startup_torch.py). Every step's wall-clock time comes from
# `stratum train --step-times` (the same CSV from the PyTorch script); the rounds interleave the
# three so that a change of load hits all of them. The table (reference/startup_table.py): time
# from launch to the first step done, the step at which steady state begins and its time since
# launch, the steady step time, the wall time of the whole run (median, min and max over the
# runs), when Stratum overtakes PyTorch, the ratios with and without the cache, and the classes
# loaded (-Xlog:class+load, one extra run each). Written to benchmarks/target/startup/table.md,
# with the step files, logs and uptime beside it.
#
#   benchmarks/run-startup.sh                  # 5 runs each, 3 epochs of batch 32 (87 steps)
#   RUNS=3 EPOCHS=2 BATCH=16 benchmarks/run-startup.sh
#   SKIP_BUILD=1 benchmarks/run-startup.sh     # use cli/target/stratum as it is
#   SKIP_TORCH=1 benchmarks/run-startup.sh     # no PyTorch reference
#
# Needs JDK 25; the reference needs Debian's python3-torch. With the defaults 4.5 minutes at load
# average 12-16 on 2 cores (3 minutes with RUNS=3); most of that is the load.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE JAVA_OPTS STRATUM_AOT STRATUM_BACKEND
out=benchmarks/target/startup
runs="${RUNS:-5}"
epochs="${EPOCHS:-3}"
batch="${BATCH:-32}"
data=testdata/fashion-mnist-subset
rm -rf "$out"
mkdir -p "$out"

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl cli -am package -DskipTests
# a copy of the distribution, so the cache built here is this script's alone
cp -r cli/target/stratum "$out/dist"
rm -f "$out/dist/lib/stratum.aot" "$out/dist/lib/stratum.aot.stamp"
stratum="$out/dist/bin/stratum"

flags=$(lscpu | sed -n 's/^Flags: *//p')
simd=$([[ " $flags " == *" avx512f "* ]] && echo "AVX-512" || ([[ " $flags " == *" avx2 "* ]] && echo "AVX2, no AVX-512" || echo "no AVX2"))
machine="$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $simd"
echo "load before: $(uptime)" | tee "$out/load.txt"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# one run: variant name, run number; writes $out/VARIANT-N.csv (steps), VARIANT-N.time (launch
# and exit, ms since 1970) and VARIANT-N.cpu (user and system CPU seconds)
run_one() {
  local variant=$1 n=$2 launch status=0
  launch=$(now_ms)
  # the CPU time of the process and its children (user and system seconds), which a loaded machine
  # inflates less than the wall-clock times
  TIMEFORMAT='%U %S'
  {
    case $variant in
      torch)
        time /usr/bin/python3 benchmarks/reference/startup_torch.py --data "$data" \
          --epochs "$epochs" --batch-size "$batch" --step-times "$out/$variant-$n.csv" \
          > "$out/$variant-$n.log" 2>&1 || status=$?
        ;;
      *)
        time STRATUM_AOT=$([[ $variant == stratum-aot ]] && echo on || echo off) "$stratum" train \
          --model mlp --data "$data" --epochs "$epochs" --batch-size "$batch" --patience 99 \
          --run-dir "$out/run-$variant" --overwrite --step-times "$out/$variant-$n.csv" \
          > "$out/$variant-$n.log" 2>&1 || status=$?
        ;;
    esac
  } 2> "$out/$variant-$n.cpu"
  echo "$launch $(now_ms)" > "$out/$variant-$n.time"
  if [[ $status -ne 0 ]]; then
    cat "$out/$variant-$n.log" >&2
    echo "run-startup: $variant run $n failed (exit $status)" >&2
    exit 1
  fi
}

# the cache, as a user builds it (its default training, not this benchmark's)
aot_start=$(now_ms)
"$stratum" aot | tee "$out/aot.log"
echo "$aot_start $(now_ms)" > "$out/aot.time"

variants="stratum stratum-aot"
[[ -n "${SKIP_TORCH:-}" ]] || variants="$variants torch"
for n in $(seq 1 "$runs"); do
  for v in $variants; do
    echo "round $n: $v"
    run_one "$v" "$n"
  done
done

# classes loaded, and how many came from the cache: one more run of each
for v in stratum stratum-aot; do
  STRATUM_AOT=$([[ $v == stratum-aot ]] && echo on || echo off) \
    JAVA_OPTS="-Xlog:class+load=info:file=$out/classes-$v.txt" "$stratum" train --model mlp \
    --data "$data" --epochs "$epochs" --batch-size "$batch" --patience 99 \
    --run-dir "$out/run-$v" --overwrite > /dev/null 2>&1
done
echo "load after: $(uptime)" | tee -a "$out/load.txt"

echo
{
  echo "Start-up on $machine, $(date -u +%Y-%m-%dT%H:%MZ); $(head -1 "$out/load.txt");" \
    "$(tail -1 "$out/load.txt")"
  echo
  /usr/bin/python3 benchmarks/reference/startup_table.py "$out" "$runs" "$epochs" "$batch"
} | tee "$out/table.md"
