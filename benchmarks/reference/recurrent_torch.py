"""PyTorch reference for workload 4 (recurrent layers) of WORKLOADS.md.

One layer (LSTM, GRU or tanh RNN), input 32, hidden 128, sequence 50, batch 64, with biases;
input [50, 64, 32] ~ N(0, 1), zero initial state. One iteration = forward over 50 steps,
loss = sum of the last hidden state, backward through every step, no optimizer step.
Prints one JSON line: sequences/s of each timed repetition (min / median / max).

    OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 /usr/bin/python3 recurrent_torch.py --cell lstm --threads 1
"""
import argparse
import json
import os
import statistics
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cell", choices=["lstm", "gru", "rnn"], required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--seconds", type=float, default=2.0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[a.cell](32, 128)
    x = torch.randn(50, 64, 32)

    def iteration():
        module.zero_grad(set_to_none=True)
        _, final = module(x)
        h = final[0] if isinstance(final, tuple) else final
        h.sum().backward()

    end = time.perf_counter() + max(3.0, a.seconds)
    while time.perf_counter() < end:
        iteration()
    rates, cpu_rates = [], []
    for _ in range(a.reps):
        n, start, cpu_start = 0, time.perf_counter(), time.thread_time()
        while True:
            iteration()
            n += 1
            now = time.perf_counter()
            if now - start >= a.seconds:
                break
        rates.append(n * 64 / (now - start))
        cpu_rates.append(n * 64 / (time.thread_time() - cpu_start))
    s = sorted(rates)
    print(json.dumps({
        "workload": "recurrent-" + a.cell, "cell": a.cell, "torch": torch.__version__,
        "torch_threads": a.threads, "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "sequences_per_s": {"min": s[0], "median": statistics.median(s), "max": s[-1], "all": rates},
        "main_thread_cpu_sequences_per_s": {"median": statistics.median(cpu_rates)}}))


if __name__ == "__main__":
    main()
