"""PyTorch reference for workload 5 of WORKLOADS.md, the convolutional autoencoder, written as
ConvAutoencoderWorkload runs it: Conv2d(1,16,3,s2,p1)-ReLU-Conv2d(16,32,3,s2,p1)-ReLU,
ConvTranspose2d(32,16,3,s2,p1,op1)-ReLU-ConvTranspose2d(16,1,3,s2,p1,op1)-Sigmoid, MSE against the
input, Adam 1e-3, batch 128; an "epoch" is the first --limit training images, shuffled; one
warm-up epoch, then --epochs timed ones; test MSE after the last.

Prints one JSON object in the form of workloads_torch.py.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 conv_ae_torch.py --threads 1
"""

import argparse
import json
import os
import statistics
import time

import torch
from torch import nn

from workloads_torch import load


def conv_autoencoder():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
        nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs after one warm-up epoch")
    parser.add_argument("--limit", type=int, default=12800, help="training images per epoch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x, _ = load("train", True)
    x = x[: args.limit]
    tx, _ = load("t10k", True)
    model = conv_autoencoder()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.MSELoss()

    def epoch():
        perm = torch.randperm(x.shape[0])
        start = time.perf_counter()
        for i in range(0, x.shape[0], 128):
            xb = x[perm[i : i + 128]]
            loss = loss_fn(model(xb), xb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
        return x.shape[0] / (time.perf_counter() - start)

    rates = [epoch() for _ in range(1 + args.epochs)][1:]
    with torch.no_grad():
        mse = loss_fn(model(tx), tx).item()
    print(json.dumps({
        "workload": "conv-ae", "threads": args.threads, "torch": torch.__version__,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", ""),
        "torch_threads": torch.get_num_threads(), "quality_epoch": 1 + args.epochs,
        "images_per_epoch": int(x.shape[0]),
        "epoch_rates": [round(r, 1) for r in rates], "epochs_trained": 1 + args.epochs,
        "samples_per_s": {"min": min(rates), "median": statistics.median(rates), "max": max(rates)},
        "test_mse": mse}))


if __name__ == "__main__":
    main()
