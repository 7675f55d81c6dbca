"""PyTorch reference for the VAE on workload 2's dense architecture (see VaeWorkload.java).

Encoder Linear(784,256)-ReLU-Linear(256,128) giving mu and log-variance (64 each),
z = mu + exp(logvar / 2) * eps with eps = randn, decoder Linear(64,256)-ReLU-Linear(256,784)
on logits; loss = (sum of BCE-with-logits + KL) / batch; Adam lr 1e-3, batch 128. Prints one
JSON object: samples/s of every timed epoch and the test negative ELBO after 5 epochs.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 vae_torch.py --threads 1
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
import torch.nn.functional as F
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, raw[4 : 4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split):
    x = read_idx(f"{DATA}/{split}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    return torch.from_numpy(x.reshape(-1, 784))


class Vae(nn.Module):
    def __init__(self, latent=64):
        super().__init__()
        self.latent = latent
        self.encoder = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 2 * latent))
        self.decoder = nn.Sequential(nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, 784))

    def neg_elbo(self, x):
        """Per-sample reconstruction (summed BCE on logits) + KL, one draw of eps."""
        h = self.encoder(x)
        mu, logvar = h[:, : self.latent], h[:, self.latent :]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        logits = self.decoder(z)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum(1)
        return rec + kl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs after one warm-up epoch")
    parser.add_argument("--limit", type=int, default=60000, help="training images per epoch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    x = load("train")[: args.limit]
    tx = load("t10k")
    model, batch = Vae(), 128
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)

    def epoch():
        perm = torch.randperm(x.shape[0])
        start = time.perf_counter()
        for i in range(0, x.shape[0], batch):
            xb = x[perm[i : i + batch]]
            loss = model.neg_elbo(xb).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
        return x.shape[0] / (time.perf_counter() - start)

    total = 1 + args.epochs
    quality_epoch = min(5, total)
    rates, quality = [], float("nan")
    for e in range(1, total + 1):  # epoch 1 is the warm-up
        rate = epoch()
        if e > 1:
            rates.append(rate)
        if e == quality_epoch:
            with torch.no_grad():  # untimed
                quality = model.neg_elbo(tx).mean().item()
    print(json.dumps({
        "workload": "vae", "threads": args.threads, "torch": torch.__version__,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", ""),
        "torch_threads": torch.get_num_threads(), "quality_epoch": quality_epoch,
        "epoch_rates": [round(r, 1) for r in rates], "epochs_trained": total,
        "samples_per_s": {"min": min(rates), "median": statistics.median(rates), "max": max(rates)},
        "test_neg_elbo": quality}))


if __name__ == "__main__":
    main()
