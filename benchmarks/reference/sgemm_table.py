#!/usr/bin/python3
"""Side-by-side SGEMM table: JMH results (JSON) of SgemmBenchmark and the NumPy/OpenBLAS runs.

Usage: sgemm_table.py JMH_JSON NUMPY_JSON [NUMPY_JSON ...]
GFLOP/s = 2n^3 / time per product; min/median/max over the timed iterations.
"""
import json
import statistics
import sys

UNIT_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}


def stratum_rates(path):
    rates = {}
    for run in json.load(open(path)):
        if not run["benchmark"].endswith("SgemmBenchmark.sgemm"):
            continue
        n = int(run["params"]["n"])
        threads = int(run["params"]["threads"])
        scale = UNIT_SECONDS[run["primaryMetric"]["scoreUnit"]]
        times = [t * scale for fork in run["primaryMetric"]["rawData"] for t in fork]
        gf = [2.0 * n ** 3 / t / 1e9 for t in times]
        rates[("Stratum", threads, n)] = (min(gf), statistics.median(gf), max(gf))
    return rates


def numpy_rates(path):
    data = json.load(open(path))
    return {("OpenBLAS", data["threads"], int(n)): (r["min"], r["median"], r["max"])
            for n, r in data["results"].items()}


def main():
    rates = stratum_rates(sys.argv[1])
    for path in sys.argv[2:]:
        rates.update(numpy_rates(path))
    sizes = sorted({key[2] for key in rates})
    columns = [(lib, t) for t in (1, 2) for lib in ("Stratum", "OpenBLAS")
               if any(key[:2] == (lib, t) for key in rates)]
    print("GFLOP/s, min / median / max")
    print()
    print("| n | " + " | ".join("%s %d thread%s" % (lib, t, "" if t == 1 else "s")
                               for lib, t in columns) + " |")
    print("|---:|" + "---:|" * len(columns))
    for n in sizes:
        cells = []
        for lib, t in columns:
            r = rates.get((lib, t, n))
            cells.append("%.0f / **%.0f** / %.0f" % r if r else "-")
        print("| %d | %s |" % (n, " | ".join(cells)))
    print()
    print("Median ratio Stratum / OpenBLAS:")
    for t in (1, 2):
        parts = []
        for n in sizes:
            s, o = rates.get(("Stratum", t, n)), rates.get(("OpenBLAS", t, n))
            if s and o:
                parts.append("n=%d %.2f" % (n, s[1] / o[1]))
        if parts:
            print("  %d thread%s: %s" % (t, "" if t == 1 else "s", ", ".join(parts)))


if __name__ == "__main__":
    main()
