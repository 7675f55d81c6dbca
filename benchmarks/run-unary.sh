#!/usr/bin/env bash
# exp / tanh / sigmoid throughput of the vector backend on one thread (SIMD and scalar paths),
# in millions of elements per second, then NumPy's figure for the same functions and size.
#
#   benchmarks/run-unary.sh            # about 1.5 minutes
#
# Needs JDK 25 and, for the reference line, Debian's python3-numpy.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
out=benchmarks/target/unary
mkdir -p "$out"

./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
  UnaryBenchmark -rf json -rff "$out/jmh.json" "$@"

echo
echo "Activation throughput on $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%dT%H:%MZ)"
/usr/bin/python3 - "$out/jmh.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print("| op | path | M elements/s (mean ± error) |")
print("|---|---|---|")
for r in rows:
    p = r["params"]; m = r["primaryMetric"]
    print(f"| {p['op']} | {p['path']} | {m['score']:.0f} ± {m['scoreError']:.0f} |")
PY
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 - <<'PY'
import time, numpy as np
x = (4 * np.random.default_rng(7).standard_normal(1 << 16)).astype(np.float32)
out = np.empty_like(x)
funcs = {"EXP": lambda: np.exp(x, out=out), "TANH": lambda: np.tanh(x, out=out),
         "SIGMOID": lambda: np.divide(1.0, 1.0 + np.exp(-x), dtype=np.float32)}
for name, f in funcs.items():
    for _ in range(50): f()
    best = min((lambda t0: (f(), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(500))
    print(f"| {name} | numpy (best of 500) | {len(x) / best / 1e6:.0f} |")
PY
fi
