#!/usr/bin/env bash
# Memory of the dense-autoencoder run (workload 2 of WORKLOADS.md; issue 13, item 5): the peak
# resident set (GNU time's maximum RSS) of Stratum's benchmark JVM and of the PyTorch reference for
# the same run (EPOCHS timed epochs after the warm-up epoch, test MSE after the last), at 1 and 2
# threads; and for Stratum the heap bytes allocated per training step and the garbage collections
# in the last epoch (HotSpot's per-thread allocation counters, read by TrainingWorkloads). Stratum
# runs twice: with the JVM's default heap settings, and with the settings the `stratum` launcher
# and the README suggest for a small model (JVM_SMALL, default -XX:+UseSerialGC -Xmx1g). Table on
# stdout and in benchmarks/target/memory/table.md; about 4 minutes on 2 quiet cores.
#
#   benchmarks/run-memory.sh
#   EPOCHS=2 THREADS=1 benchmarks/run-memory.sh
#
# Needs JDK 25, GNU time (/usr/bin/time), Debian's python3-torch and dataset-fashion-mnist.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/memory
mkdir -p "$out"
epochs="${EPOCHS:-1}"
threads="${THREADS:-1 2}"
small="${JVM_SMALL:--XX:+UseSerialGC -Xmx1g}"
[[ -x /usr/bin/time ]] || { echo "run-memory: needs GNU time at /usr/bin/time (Debian: time)" >&2; exit 2; }

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
quality=$((epochs + 1))

rss() { sed -n 's/^maxrss_kb=//p' "$1"; }
field() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$1" "$2"; }

{
  echo "Dense autoencoder, $((epochs + 1)) epochs of 60,000 images (the first a warm-up), test MSE after the last"
  echo "on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load before: $(uptime)"
  echo
  echo "| threads | run | peak RSS MiB | ratio | heap bytes allocated per step (last epoch) | GCs in last epoch | samples/s |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for t in $threads; do
    OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=1 \
      /usr/bin/time -f "maxrss_kb=%M" -o "$out/torch-$t.time" \
      /usr/bin/python3 benchmarks/reference/workloads_torch.py --workload dense-ae --threads "$t" \
      --epochs "$epochs" --quality-epoch "$quality" > "$out/torch-$t.json"
    torch_kb=$(rss "$out/torch-$t.time")
    for setting in default small; do
      # shellcheck disable=SC2086 # the JVM options are lists of words
      /usr/bin/time -f "maxrss_kb=%M" -o "$out/stratum-$setting-$t.time" \
        "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector $([[ $setting == small ]] && echo $small) \
        ${STRATUM_JVM_ARGS:-} -cp "$classpath" dev.stratum.benchmarks.TrainingWorkloads \
        workload=dense-ae threads="$t" epochs="$epochs" quality-epoch="$quality" \
        2> "$out/stratum-$setting-$t.err" > "$out/stratum-$setting-$t.json"
      kb=$(rss "$out/stratum-$setting-$t.time")
      label="Stratum vector, $([[ $setting == small ]] && echo "$small" || echo "JVM defaults")"
      printf '| %s | %s | %d | **%.2f** | %s | %s | %s |\n' "$t" "$label" $((kb / 1024)) \
        "$(awk -v a="$kb" -v b="$torch_kb" 'BEGIN { print a / b }')" "$(field "$out/stratum-$setting-$t.json" allocated_bytes_per_step)" \
        "$(field "$out/stratum-$setting-$t.json" gcs_last_epoch)" \
        "$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['samples_per_s']['median'])" "$out/stratum-$setting-$t.json")"
    done
    printf '| %s | PyTorch %s, torch %s / OpenBLAS 1 threads | %d | | | | %.1f |\n' "$t" \
      "$(field "$out/torch-$t.json" torch)" "$t" $((torch_kb / 1024)) \
      "$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['samples_per_s']['median'])" "$out/torch-$t.json")"
  done
  echo
  echo "load after: $(uptime)"
} | tee "$out/table.md"
