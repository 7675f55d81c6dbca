#!/usr/bin/python3
"""Side-by-side table of the training workloads: Stratum (TrainingWorkloads) and PyTorch
(workloads_torch.py) JSON results, samples/s min / median / max, and the ratio of Stratum's
median to the best PyTorch median with the same thread budget (max(torch, OpenBLAS) threads).

Usage: workloads_table.py RESULT_JSON [RESULT_JSON ...]
"""
import json
import sys


def fmt(r):
    s = r["samples_per_s"]
    return f"{s['min']:.0f} / **{s['median']:.0f}** / {s['max']:.0f}"


def quality(r):
    key = "test_mse" if "test_mse" in r else "test_accuracy"
    if r.get(key) is None or r[key] != r[key]:
        return "n/a (too few epochs)"
    return f"{key.replace('test_', 'test ')} {r[key]:.4f} after {r['quality_epoch']} epochs"


def main():
    runs = [json.load(open(p)) for p in sys.argv[1:]]
    print("| workload | threads | run | samples/s min / **median** / max | quality | ratio |")
    print("|---|---:|---|---:|---|---:|")
    for workload in dict.fromkeys(r["workload"] for r in runs):
        for threads in sorted({r["threads"] for r in runs if "backend" in r and r["workload"] == workload}):
            torch = [r for r in runs if "torch" in r and r["workload"] == workload
                     and max(r["torch_threads"], int(r["openblas_threads"] or 1)) == threads]
            best = max(torch, key=lambda r: r["samples_per_s"]["median"]) if torch else None
            for r in runs:
                if "backend" in r and r["workload"] == workload and r["threads"] == threads:
                    ratio = (f"**{r['samples_per_s']['median'] / best['samples_per_s']['median']:.2f}**"
                             if best else "")
                    print(f"| {workload} | {threads} | Stratum {r['backend']} ({r['loop']}) "
                          f"| {fmt(r)} | {quality(r)} | {ratio} |")
            for r in torch:
                mark = " (best)" if r is best else ""
                print(f"| {workload} | {threads} | PyTorch {r['torch']}, torch {r['torch_threads']} "
                      f"/ OpenBLAS {r['openblas_threads']} threads{mark} | {fmt(r)} | {quality(r)} | |")
    print()
    print("ratio: Stratum's median samples/s over the best PyTorch median at that thread count.")


if __name__ == "__main__":
    main()
