#!/usr/bin/python3
"""Side-by-side table of the VAE workload: Stratum (VaeWorkload) and PyTorch (vae_torch.py)
JSON results, samples/s min / median / max, and the ratio of Stratum's median to the best
PyTorch median with the same thread budget (max(torch, OpenBLAS) threads).

Usage: vae_table.py RESULT_JSON [RESULT_JSON ...]
"""
import json
import sys


def fmt(r):
    s = r["samples_per_s"]
    return f"{s['min']:.0f} / **{s['median']:.0f}** / {s['max']:.0f}"


def quality(r):
    q = r.get("test_neg_elbo")
    if q is None or q != q:
        return "n/a (too few epochs)"
    return f"test −ELBO {q:.1f} nats after {r['quality_epoch']} epochs"


def main():
    runs = [json.load(open(p)) for p in sys.argv[1:]]
    print("| threads | run | samples/s min / **median** / max | quality | ratio |")
    print("|---:|---|---:|---|---:|")
    for threads in sorted({r["threads"] for r in runs if "backend" in r}):
        torch = [r for r in runs if "torch" in r
                 and max(r["torch_threads"], int(r["openblas_threads"] or 1)) == threads]
        best = max(torch, key=lambda r: r["samples_per_s"]["median"]) if torch else None
        for r in runs:
            if "backend" in r and r["threads"] == threads:
                ratio = (f"**{r['samples_per_s']['median'] / best['samples_per_s']['median']:.2f}**"
                         if best else "")
                print(f"| {threads} | Stratum {r['backend']} | {fmt(r)} | {quality(r)} | {ratio} |")
        for r in torch:
            mark = " (best)" if r is best else ""
            print(f"| {threads} | PyTorch, torch {r['torch_threads']} / OpenBLAS "
                  f"{r['openblas_threads'] or 1}{mark} | {fmt(r)} | {quality(r)} | |")


if __name__ == "__main__":
    main()
