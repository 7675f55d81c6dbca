#!/usr/bin/env bash
# The whole side-by-side suite in one command: run-sgemm.sh, run-unary.sh, run-workloads.sh,
# run-conv-autoencoder.sh, run-recurrent.sh, run-vae.sh, run-memory.sh and run-startup.sh one after
# the other (Stratum and its
# reference in each, so every ratio compares figures taken minutes apart on the same machine),
# with the machine (lscpu model, AVX2 / AVX-512) and the load average before and after each run
# recorded. Then it writes, between the markers <!-- suite:begin --> and <!-- suite:end --> of
# benchmarks/README.md, the machine, a table of the runs with their load, every run's table and
# benchmarks/suite-ratios.png, a bar chart of all the ratios (drawn with XChart, the chart
# library of the CLI's pictures). Logs, tables and ratios.tsv stay in benchmarks/target/suite/.
#
#   benchmarks/run-suite.sh                        # everything (about 1.5 hours on 2 quiet cores)
#   benchmarks/run-suite.sh sgemm workloads         # some runs, in the order given
#   SHORT=1 benchmarks/run-suite.sh                # a few minutes: tiny sizes, to try the tooling
#
# Other variables (EPOCHS, LIMIT, THREADS, TORCH_COMBOS, REPS, STRATUM_JVM_ARGS, ...) go to the
# scripts as they are; SHORT=1 sets its own. Figures from a loaded machine or from SHORT=1 are not
# figures: the README section says which settings and load each run had.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run (each script unsets them too).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/suite
rm -rf "$out"
mkdir -p "$out"
runs=("${@:-sgemm unary workloads conv-autoencoder recurrent vae memory startup}")
read -r -a runs <<< "${runs[*]}"
for r in "${runs[@]}"; do
  [[ -x benchmarks/run-$r.sh ]] || { echo "run-suite: no benchmarks/run-$r.sh" >&2; exit 2; }
done

flags=$(lscpu | sed -n 's/^Flags: *//p')
if [[ " $flags " == *" avx512f "* ]]; then simd="AVX2 and AVX-512"
elif [[ " $flags " == *" avx2 "* ]]; then simd="AVX2, no AVX-512"
else simd="no AVX2"; fi
echo "$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $simd" > "$out/machine.txt"
echo "$(date -u +%Y-%m-%d\ %H:%M) UTC${SHORT:+, SHORT=1: a try of the tooling, not figures}" > "$out/date.txt"
echo "machine: $(cat "$out/machine.txt")"

# one build for every run
./mvnw -B -q -pl benchmarks,cli -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

# the settings of each run under SHORT=1: environment, then arguments
short_env() {
  case "$1" in
    workloads | vae) echo "EPOCHS=1 LIMIT=1024 THREADS=1 TORCH_COMBOS=1:1" ;;
    conv-autoencoder) echo "EPOCHS=1 LIMIT=256 THREADS=1 TORCH_COMBOS=1:1" ;;
    recurrent) echo "REPS=2 SECONDS_PER_REP=1 THREADS=1 TORCH_COMBOS=1:1" ;;
    memory) echo "THREADS=1" ;;
    startup) echo "RUNS=1 EPOCHS=1" ;;
    *) echo "" ;;
  esac
}
short_args() {
  case "$1" in
    # a few warm-up seconds: vector code runs ~1000x slower until C2 has compiled it
    sgemm) echo "-p n=128,256 -f 1 -wi 3 -w 1s -i 2 -r 500ms" ;;
    unary) echo "-f 1 -wi 3 -w 1s -i 2 -r 500ms" ;;
    recurrent) echo "lstm" ;;
    *) echo "" ;;
  esac
}

: > "$out/runs.tsv"
for r in "${runs[@]}"; do
  settings=""
  env_list=()
  args=()
  if [[ -n "${SHORT:-}" ]]; then
    read -r -a env_list <<< "$(short_env "$r")"
    read -r -a args <<< "$(short_args "$r")"
    settings="${env_list[*]} ${args[*]}"
  fi
  # what the caller set for the scripts, so the table says which settings each run had
  for v in EPOCHS LIMIT THREADS TORCH_COMBOS REPS SECONDS_PER_REP RUNS; do
    [[ -n "${!v:-}" && -z "${SHORT:-}" ]] || continue
    [[ ($r == memory || $r == startup) && ($v == EPOCHS || $v == LIMIT) ]] && continue
    settings+=" $v=${!v}"
  done
  # memory and start-up measure their own run lengths (the dense autoencoder's 2 epochs, the CLI's
  # 3): an EPOCHS or LIMIT meant for the training workloads must not reach them
  case "$r" in memory | startup) env_list=(-u EPOCHS -u LIMIT ${env_list[@]+"${env_list[@]}"}) ;; esac
  rm -f "benchmarks/target/$r/table.md"
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s)
  echo "== $r (load $before) ${settings}"
  status=0
  env ${env_list[@]+"${env_list[@]}"} SKIP_BUILD=1 benchmarks/run-$r.sh ${args[@]+"${args[@]}"} \
    > "$out/$r.log" 2>&1 || status=$?
  after="$(cut -d' ' -f1-3 /proc/loadavg)"
  seconds=$(( $(date +%s) - start ))
  if [[ -f benchmarks/target/$r/table.md ]]; then
    cp "benchmarks/target/$r/table.md" "$out/$r.md"
  fi
  echo "   exit $status after ${seconds}s (load $after)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$status" "$seconds" "$before" "$after" \
    "$(echo "$settings" | xargs)" >> "$out/runs.tsv"
done

/usr/bin/python3 benchmarks/reference/suite_report.py "$out" benchmarks/README.md suite-ratios.png
"$JAVA_HOME/bin/java" -cp "$classpath" dev.stratum.benchmarks.RatioChart \
  "$out/ratios.tsv" benchmarks/suite-ratios.png "$(cat "$out/machine.txt"), $(cat "$out/date.txt")"
