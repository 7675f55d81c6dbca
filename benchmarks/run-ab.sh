#!/usr/bin/env bash
# A/B of the training workloads between two builds of Stratum, alternating runs in one sitting so
# that both see the same machine: BEFORE and AFTER are checkouts (git worktrees) whose benchmarks
# module has been packaged with its runtime class path in benchmarks/target/classpath.txt (this
# script does that for each). Each round runs every workload at every thread count once with
# BEFORE, then once with AFTER, then the next round starts with AFTER, and so on (ABBA order), so a
# drift of the machine hits both alike. Prints a table of the medians over rounds of each run's
# median samples/s and the AFTER/BEFORE ratio; raw JSON in benchmarks/target/ab/.
#
#   git worktree add benchmarks/target/before <commit>
#   benchmarks/run-ab.sh benchmarks/target/before .                   # dense-ae and cnn, 1 and 2 threads
#   ROUNDS=4 EPOCHS=2 LIMIT=20000 THREADS="2" benchmarks/run-ab.sh benchmarks/target/before . dense-ae
set -euo pipefail

before="$(cd "$1" && pwd)"
after="$(cd "$2" && pwd)"
shift 2
cd "$(dirname "$0")/.."
source scripts/java25.sh
workloads=("${@:-dense-ae cnn}")
read -r -a workloads <<< "${workloads[*]}"
rounds="${ROUNDS:-3}"
epochs="${EPOCHS:-2}"
limit="${LIMIT:-20000}"
threads="${THREADS:-1 2}"
out="$(pwd)/benchmarks/target/ab"
rm -rf "$out"
mkdir -p "$out"

for tree in "$before" "$after"; do
  (cd "$tree" && ./mvnw -B -q -o -pl benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
done

run() { # tree label workload threads round
  local tree=$1 label=$2 w=$3 t=$4 r=$5
  if ! "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -cp "$tree/benchmarks/target/classes:$(cat "$tree/benchmarks/target/classpath.txt")" \
    dev.stratum.benchmarks.TrainingWorkloads "workload=$w" "threads=$t" "epochs=$epochs" \
    "limit=$limit" 2> "$out/$label-$w-$t-$r.err" | tail -n 1 > "$out/$label-$w-$t-$r.json"; then
    # one failed run (a crash) is reported and left out of the medians; the sitting goes on
    echo "FAILED: $label $w threads=$t round $r (stderr in $out/$label-$w-$t-$r.err)" >&2
    rm -f "$out/$label-$w-$t-$r.json"
  fi
}

echo "load before: $(uptime)"
for r in $(seq 1 "$rounds"); do
  for w in "${workloads[@]}"; do
    for t in $threads; do
      if (( r % 2 )); then
        run "$before" before "$w" "$t" "$r"; run "$after" after "$w" "$t" "$r"
      else
        run "$after" after "$w" "$t" "$r"; run "$before" before "$w" "$t" "$r"
      fi
    done
  done
done
echo "load after: $(uptime)"
echo "A/B on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs," \
  "$(grep -qw avx512f /proc/cpuinfo && echo AVX-512 || echo AVX2), $(date -u +%Y-%m-%dT%H:%MZ);" \
  "$rounds rounds, $epochs timed epochs of $limit images each"
/usr/bin/python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
rows = {}
for path in glob.glob(os.path.join(out, "*.json")):  # failed runs left none
    parts = os.path.basename(path)[:-5].split("-")
    label, t = parts[0], int(parts[-2])
    w = "-".join(parts[1:-2])
    r = json.load(open(path))
    rows.setdefault((w, t), {}).setdefault(label, []).append(r["samples_per_s"]["median"])
print("| workload | threads | before samples/s (per round) | after samples/s (per round) | after / before |")
print("|---|---:|---|---|---:|")
for (w, t), runs in sorted(rows.items()):
    b, a = runs.get("before", []), runs.get("after", [])
    mb, ma = statistics.median(b), statistics.median(a)
    fmt = lambda xs: ", ".join(f"{x:.0f}" for x in xs) + f" (median **{statistics.median(xs):.0f}**)"
    print(f"| {w} | {t} | {fmt(b)} | {fmt(a)} | **{ma / mb:.3f}** |")
PY
