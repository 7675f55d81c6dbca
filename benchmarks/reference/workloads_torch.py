"""PyTorch reference for workloads 2 (dense autoencoder) and 3 (small CNN) of WORKLOADS.md.

Prints one JSON object: samples/s of every timed epoch (min / median / max), the final
quality figure (test MSE or test accuracy) and the thread settings, so a benchmark script
can put it beside Stratum's figures from the same run.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 workloads_torch.py --workload dense-ae --threads 2
"""

import argparse
import gzip
import json
import os
import statistics
import struct
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, raw[4 : 4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split, conv):
    x = torch.from_numpy(read_idx(f"{DATA}/{split}-images-idx3-ubyte.gz").astype(np.float32) / 255.0)
    y = torch.from_numpy(read_idx(f"{DATA}/{split}-labels-idx1-ubyte.gz").astype(np.int64))
    return (x.reshape(-1, 1, 28, 28) if conv else x.reshape(-1, 784)), y


def dense_autoencoder():
    return nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(),
        nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784), nn.Sigmoid())


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1568, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", choices=["dense-ae", "cnn"], required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs after one warm-up epoch")
    parser.add_argument("--limit", type=int, default=60000, help="training images per epoch")
    parser.add_argument("--quality-epoch", type=int, default=0,
                        help="measure test quality after this many epochs (default: after the last)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    cnn = args.workload == "cnn"
    x, y = load("train", cnn)
    x, y = x[: args.limit], y[: args.limit]
    tx, ty = load("t10k", cnn)
    if cnn:
        model, batch = small_cnn(), 64
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss_fn = nn.CrossEntropyLoss()
    else:
        model, batch = dense_autoencoder(), 128
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        loss_fn = nn.MSELoss()

    def epoch():
        perm = torch.randperm(x.shape[0])
        start = time.perf_counter()
        for i in range(0, x.shape[0], batch):
            idx = perm[i : i + batch]
            xb = x[idx]
            target = y[idx] if cnn else xb
            loss = loss_fn(model(xb), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
        return x.shape[0] / (time.perf_counter() - start)

    def evaluate():
        with torch.no_grad():
            if cnn:
                return {"test_accuracy": (model(tx).argmax(1) == ty).float().mean().item()}
            return {"test_mse": loss_fn(model(tx), tx).item()}

    total = 1 + args.epochs
    quality_epoch = min(args.quality_epoch, total) if args.quality_epoch > 0 else total
    rates, quality = [], {}
    for e in range(1, total + 1):  # epoch 1 is the warm-up
        rate = epoch()
        if e > 1:
            rates.append(rate)
        if e == quality_epoch:
            quality = evaluate()  # untimed
    print(json.dumps({
        "workload": args.workload, "threads": args.threads, "torch": torch.__version__,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", ""),
        "torch_threads": torch.get_num_threads(), "quality_epoch": quality_epoch,
        "epoch_rates": [round(r, 1) for r in rates],
        "epochs_trained": total, "samples_per_s": {
            "min": min(rates), "median": statistics.median(rates), "max": max(rates)},
        **quality}))


if __name__ == "__main__":
    main()
