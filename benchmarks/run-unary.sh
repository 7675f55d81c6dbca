#!/usr/bin/env bash
# exp / tanh / sigmoid throughput of the vector backend on one thread (SIMD and scalar paths),
# in millions of elements per second, then NumPy's figure for the same functions and size, and a
# table with the ratios in benchmarks/target/unary/table.md.
#
#   benchmarks/run-unary.sh            # about 1.5 minutes
#   benchmarks/run-unary.sh -wi 1 -i 1 -r 200ms   # extra arguments go to JMH (a quick try)
#
# Needs JDK 25 and, for the reference line, Debian's python3-numpy.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/java25.sh
# Either variable changes the kernels (CORETYPE) or the blocking (L2_SIZE) OpenBLAS picks for this
# machine: never for a reference run.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
out=benchmarks/target/unary
mkdir -p "$out"

[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
  UnaryBenchmark -rf json -rff "$out/jmh.json" "$@"

# NumPy on the same input: one thread, best of 500 calls, as JSON lines
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 - > "$out/numpy.json" <<'PY'
import json, time, numpy as np
x = (4 * np.random.default_rng(7).standard_normal(1 << 16)).astype(np.float32)
out = np.empty_like(x)
funcs = {"EXP": lambda: np.exp(x, out=out), "TANH": lambda: np.tanh(x, out=out),
         "SIGMOID": lambda: np.divide(1.0, 1.0 + np.exp(-x), dtype=np.float32)}
rates = {}
for name, f in funcs.items():
    for _ in range(50): f()
    best = min((lambda t0: (f(), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(500))
    rates[name] = len(x) / best / 1e6
print(json.dumps({"numpy": np.__version__, "m_elements_per_s": rates}))
PY
else
  echo '{}' > "$out/numpy.json"
fi

{
  echo "Activation throughput on $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  /usr/bin/python3 - "$out/jmh.json" "$out/numpy.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
numpy = json.load(open(sys.argv[2])).get("m_elements_per_s", {})
score = {(r["params"]["op"], r["params"]["path"]): r["primaryMetric"] for r in rows}
print("| op | run | M elements/s (JMH mean ± error; NumPy best of 500) | ratio |")
print("|---|---|---:|---:|")
for op in dict.fromkeys(r["params"]["op"] for r in rows):
    for path in ("simd", "scalar"):
        m = score.get((op, path))
        if m is None:
            continue
        ratio = f"**{m['score'] / numpy[op]:.2f}**" if op in numpy else ""
        error = m["scoreError"]  # JMH writes "NaN" (a string) when it has too few iterations
        error = f" ± {error:.0f}" if isinstance(error, (int, float)) and error == error else ""
        print(f"| {op.lower()} | Stratum {path} | {m['score']:.0f}{error} | {ratio} |")
    if op in numpy:
        print(f"| {op.lower()} | NumPy (best of 500) | {numpy[op]:.0f} | |")
print()
print("ratio: Stratum's JMH mean over NumPy's best on the same 64 Ki floats, one thread.")
PY
} | tee "$out/table.md"
