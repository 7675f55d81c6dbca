#!/usr/bin/python3
"""OpenBLAS reference for workload 1 (SGEMM), through NumPy.

C = A @ B, square n x n float32, A and B ~ N(0, 1), C preallocated (out=).
Thread count comes from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, which must be
set before NumPy is imported (run-sgemm.sh does that). Prints one JSON object:
{"threads": T, "blas": "...", "results": {n: {"min": GF, "median": GF, "max": GF}}}.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np


def loaded_blas():
    """The BLAS library actually mapped into this process (after one matmul)."""
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower()}
    return sorted(lib for lib in libs if lib.startswith("/"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="128,256,512,1024,2048")
    parser.add_argument("--reps", type=int, default=7, help="timed repetitions (>= 5)")
    parser.add_argument("--rep-seconds", type=float, default=1.0,
                        help="minimum length of one timed repetition")
    args = parser.parse_args()

    if os.environ.get("OPENBLAS_CORETYPE"):
        sys.exit("OPENBLAS_CORETYPE is set (%s): unset it, it forces slower kernels"
                 % os.environ["OPENBLAS_CORETYPE"])
    rng = np.random.default_rng(42)
    np.matmul(np.ones((8, 8), np.float32), np.ones((8, 8), np.float32))
    blas = loaded_blas()
    if not any("openblas" in lib for lib in blas):
        sys.exit("NumPy is not using OpenBLAS (loaded: %s). Install it: "
                 "apt-get install -y libopenblas0-pthread" % (blas or "none"))

    results = {}
    for n in [int(s) for s in args.sizes.split(",")]:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        c = np.empty((n, n), np.float32)
        flops = 2.0 * n ** 3
        # warm-up, and the number of calls that fill one repetition
        calls = 1
        while True:
            start = time.perf_counter()
            for _ in range(calls):
                np.matmul(a, b, out=c)
            elapsed = time.perf_counter() - start
            if elapsed >= args.rep_seconds / 4:
                calls = max(1, int(calls * args.rep_seconds / elapsed))
                break
            calls *= 2
        rates = []
        for _ in range(max(5, args.reps)):
            start = time.perf_counter()
            for _ in range(calls):
                np.matmul(a, b, out=c)
            rates.append(flops * calls / (time.perf_counter() - start) / 1e9)
        results[n] = {"min": min(rates), "median": statistics.median(rates), "max": max(rates)}
        print("numpy threads=%s n=%d GFLOP/s min %.1f median %.1f max %.1f"
              % (os.environ.get("OPENBLAS_NUM_THREADS", "?"), n, min(rates),
                 statistics.median(rates), max(rates)), file=sys.stderr)
    print(json.dumps({"threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")),
                      "blas": blas, "numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
