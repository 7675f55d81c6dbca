"""The table of run-startup.sh: reads its folder (VARIANT-N.csv step times, VARIANT-N.time launch
and exit in ms since 1970, classes-VARIANT.txt class-load logs, aot.time) and prints Markdown.

Definitions (per run, then median / min / max over the runs):
- first step: launch of the process (the launcher script for Stratum, the interpreter for
  PyTorch) to the end of the first optimizer step;
- steady step time: the median step time of the last quarter of the steps (at least 10);
- steady from: the first step k whose window of 5 steps (k .. k+4) has a median within 10% of the
  steady step time, and the time from launch to the end of step k;
- wall: launch to exit of the whole run (Stratum's includes its test evaluation, checkpoints,
  pictures and report; PyTorch's only the test evaluation);
- CPU: the user and system seconds of the whole run (a loaded machine inflates them less than the
  wall-clock figures; Stratum's include the spinning of its idle worker threads).
Overtaking: with each variant's median time from launch to the end of step k, the first k from
which Stratum has done at least as many steps as PyTorch at every later step.

    /usr/bin/python3 startup_table.py benchmarks/target/startup 5 3 32
"""

import csv
import os
import statistics
import sys

WINDOW = 5
TOLERANCE = 0.10

NAMES = {
    "stratum": "Stratum, no AOT cache",
    "stratum-aot": "Stratum, AOT cache",
    "torch": "PyTorch 1.13",
}


def read_run(folder, variant, n):
    with open(os.path.join(folder, f"{variant}-{n}.time")) as f:
        launch, end = (float(v) for v in f.read().split())
    with open(os.path.join(folder, f"{variant}-{n}.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(folder, f"{variant}-{n}.cpu")) as f:
        cpu = sum(float(v) for v in f.read().split())
    since_launch = [float(r["unix_ms"]) - launch for r in rows]
    step_ms = [float(r["step_ms"]) for r in rows]
    tail = max(10, len(step_ms) // 4)
    steady = statistics.median(step_ms[-tail:])
    k = len(step_ms)
    for i in range(len(step_ms)):
        if statistics.median(step_ms[i : i + WINDOW]) <= (1 + TOLERANCE) * steady:
            k = i + 1
            break
    return {
        "first": since_launch[0],
        "first_step_ms": step_ms[0],
        "steady_ms": steady,
        "steady_step": k,
        "steady_at": since_launch[k - 1],
        "wall": end - launch,
        "cpu": cpu,
        "curve": since_launch,
    }


def spread(values, fmt):
    return (
        f"{fmt.format(statistics.median(values))} "
        f"({fmt.format(min(values))}–{fmt.format(max(values))})"
    )


def main():
    folder, runs = sys.argv[1], int(sys.argv[2])
    epochs, batch = sys.argv[3], sys.argv[4]
    variants = [v for v in NAMES if os.path.exists(os.path.join(folder, f"{v}-1.csv"))]
    data = {v: [read_run(folder, v, n) for n in range(1, runs + 1)] for v in variants}
    steps = len(data[variants[0]][0]["curve"])
    print(
        f"`stratum train --model mlp` on the 1,000-image subset (900 training images), {epochs}"
        f" epochs of batch {batch} ({steps} steps), {runs} fresh processes each; median (min–max)."
    )
    print()
    print(
        "| | first step done (ms after launch) | first step's own ms | steady from step |"
        " steady from (ms after launch) | steady step ms | wall of the run (ms) | CPU s of the run |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for v in variants:
        d = data[v]
        print(
            f"| {NAMES[v]} | {spread([r['first'] for r in d], '{:,.0f}')}"
            f" | {spread([r['first_step_ms'] for r in d], '{:,.1f}')}"
            f" | {spread([r['steady_step'] for r in d], '{:d}')}"
            f" | {spread([r['steady_at'] for r in d], '{:,.0f}')}"
            f" | {spread([r['steady_ms'] for r in d], '{:.2f}')}"
            f" | {spread([r['wall'] for r in d], '{:,.0f}')}"
            f" | {spread([r['cpu'] for r in d], '{:.1f}')} |"
        )
    print()

    def med(v, key):
        return statistics.median(r[key] for r in data[v])

    pairs = [("stratum-aot", "stratum", "AOT cache / no cache")]
    if "torch" in data:
        pairs += [
            ("stratum", "torch", "Stratum without cache / PyTorch"),
            ("stratum-aot", "torch", "Stratum with cache / PyTorch"),
        ]
    print("| ratio of the medians | first step done | steady from | steady step | wall | CPU |")
    print("|---|---|---|---|---|---|")
    for a, b, label in pairs:
        print(
            f"| {label} | {med(a, 'first') / med(b, 'first'):.2f}"
            f" | {med(a, 'steady_at') / med(b, 'steady_at'):.2f}"
            f" | {med(a, 'steady_ms') / med(b, 'steady_ms'):.2f}"
            f" | {med(a, 'wall') / med(b, 'wall'):.2f}"
            f" | {med(a, 'cpu') / med(b, 'cpu'):.2f} |"
        )
    print()

    if "torch" in data:
        curves = {
            v: [statistics.median(r["curve"][k] for r in data[v]) for k in range(steps)]
            for v in variants
        }
        for v in ("stratum", "stratum-aot"):
            ahead = [s <= t for s, t in zip(curves[v], curves["torch"])]
            k = next((i for i in range(steps) if all(ahead[i:])), None)
            if k is None:
                text = "not within the run"
            elif k == 0:
                text = "from the first step on"
            else:
                text = f"from step {k + 1}, {curves[v][k]:,.0f} ms after launch"
            print(f"- {NAMES[v]} ahead of PyTorch (steps done since launch): {text}.")

    for v in ("stratum", "stratum-aot"):
        path = os.path.join(folder, f"classes-{v}.txt")
        if os.path.exists(path):
            with open(path) as f:
                lines = [line for line in f if "source:" in line]
            shared = sum("shared objects file" in line for line in lines)
            print(f"- {NAMES[v]}: {len(lines):,} classes loaded, {shared:,} of them from the cache.")
    aot = os.path.join(folder, "aot.time")
    if os.path.exists(aot):
        with open(aot) as f:
            start, end = (float(v) for v in f.read().split())
        size = os.path.getsize(os.path.join(folder, "dist", "lib", "stratum.aot"))
        print(
            f"- `stratum aot` (its default training run, then the cache written):"
            f" {(end - start) / 1000:.1f} s, {size / 2**20:.0f} MiB."
        )


if __name__ == "__main__":
    main()
