#!/usr/bin/python3
"""Side-by-side table of workload 4: Stratum (RecurrentWorkload) and PyTorch (recurrent_torch.py)
JSON results, sequences/s min / median / max, the ratio of Stratum's median to the best PyTorch
median with the same thread budget (max(torch, OpenBLAS) threads), and the same ratio of the
main thread's CPU-time rates (at one thread, less disturbed by other load on the machine).

Usage: recurrent_table.py RESULT_JSON [RESULT_JSON ...]
"""
import json
import sys


def fmt(r):
    s = r["sequences_per_s"]
    return f"{s['min']:.0f} / **{s['median']:.0f}** / {s['max']:.0f}"


def main():
    runs = [json.load(open(p)) for p in sys.argv[1:]]
    print("| cell | threads | run | sequences/s min / **median** / max | ratio | CPU-time ratio |")
    print("|---|---:|---|---:|---:|---:|")
    for cell in dict.fromkeys(r["cell"] for r in runs):
        for threads in sorted({r["threads"] for r in runs if "backend" in r and r["cell"] == cell}):
            torch = [r for r in runs if "torch" in r and r["cell"] == cell
                     and max(r["torch_threads"], int(r["openblas_threads"] or 1)) == threads]
            best = max(torch, key=lambda r: r["sequences_per_s"]["median"]) if torch else None
            for r in runs:
                if "backend" in r and r["cell"] == cell and r["threads"] == threads:
                    ratio = cpu = ""
                    if best:
                        ratio = f"**{r['sequences_per_s']['median'] / best['sequences_per_s']['median']:.2f}**"
                        if threads == 1:
                            cpu = (f"{r['main_thread_cpu_sequences_per_s']['median'] / best['main_thread_cpu_sequences_per_s']['median']:.2f}")
                    print(f"| {cell} | {threads} | Stratum {r['backend']} | {fmt(r)} | {ratio} | {cpu} |")
            for r in torch:
                mark = " (best)" if r is best else ""
                print(f"| {cell} | {threads} | PyTorch {r['torch']}, torch {r['torch_threads']} "
                      f"/ OpenBLAS {r['openblas_threads']} threads{mark} | {fmt(r)} | | |")
    print()
    print("ratio: Stratum's median sequences/s over the best PyTorch median at that thread budget;")
    print("CPU-time ratio (1 thread only): the same with each run's main-thread CPU time.")


if __name__ == "__main__":
    main()
