"""PyTorch reference for the start-up measurement (run-startup.sh): what `stratum train --model mlp`
does, written plainly in PyTorch, timed from the start of the process.

The same data (the four Fashion-MNIST IDX files of --data), the same 10% validation split (a
different random draw), the same model (784-128-10 dense layers with ReLU, PyTorch's default
initialisation), loss (softmax cross-entropy), optimizer (SGD, momentum 0.9, lr 0.01), batch size
and epochs; validation loss and accuracy after each epoch, test accuracy at the end. No checkpoints,
pictures or report: Stratum's wall time holds those, this one does not.

Writes the wall-clock time of every step to --step-times in the format of `stratum train
--step-times` (step,epoch,since_jvm_start_ms,unix_ms,step_ms; the third column counts from the
moment this script's first line ran, after the interpreter started).

    /usr/bin/python3 startup_torch.py --data testdata/fashion-mnist-subset --epochs 3 \
        --batch-size 32 --step-times steps.csv
"""

import time

FIRST_LINE = time.time()

import argparse  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from workloads_torch import read_idx  # noqa: E402  (this folder is on the path)


def load(folder, split):
    x = read_idx(f"{folder}/{split}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    y = read_idx(f"{folder}/{split}-labels-idx1-ubyte.gz").astype(np.int64)
    return torch.from_numpy(x.reshape(-1, 784)), torch.from_numpy(y)


def evaluate(model, x, y, batch):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out = model(x[i : i + batch])
            loss += nn.functional.cross_entropy(out, y[i : i + batch], reduction="sum").item()
            correct += (out.argmax(1) == y[i : i + batch]).sum().item()
    model.train()
    return loss / len(x), correct / len(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="folder with the four IDX files")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--step-times", required=True)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    x, y = load(args.data, "train")
    order = torch.randperm(len(x))
    n_val = int(round(0.1 * len(x)))
    val_x, val_y = x[order[:n_val]], y[order[:n_val]]
    train_x, train_y = x[order[n_val:]], y[order[n_val:]]
    test_x, test_y = load(args.data, "t10k")

    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rows = []
    step = 0
    for epoch in range(1, args.epochs + 1):
        perm = torch.randperm(len(train_x))
        previous = time.time()
        for i in range(0, len(train_x), args.batch_size):
            idx = perm[i : i + args.batch_size]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(train_x[idx]), train_y[idx])
            loss.backward()
            optimizer.step()
            loss.item()  # Stratum's step hands the loss back to the Trainer, as this does
            now = time.time()
            step += 1
            rows.append((step, epoch, now, now - previous))
            previous = now
        val_loss, val_acc = evaluate(model, val_x, val_y, 256)
        print(f"epoch {epoch}: val_loss {val_loss:.4f} val_accuracy {val_acc:.4f}")
    _, test_acc = evaluate(model, test_x, test_y, 256)
    print(f"test_accuracy {test_acc:.4f}")
    with open(args.step_times, "w") as f:
        f.write("step,epoch,since_jvm_start_ms,unix_ms,step_ms\n")
        for step, epoch, t, dt in rows:
            f.write(f"{step},{epoch},{(t - FIRST_LINE) * 1e3:.3f},{t * 1e3:.3f},{dt * 1e3:.3f}\n")


if __name__ == "__main__":
    main()
