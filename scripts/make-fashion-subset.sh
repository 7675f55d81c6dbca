#!/usr/bin/env bash
# Writes the small Fashion-MNIST subset that the tests and the demo use when the full data set
# (Debian's dataset-fashion-mnist package) is not installed:
#   train: the first 100 images of each class (1,000 images), in their original order
#   t10k:  the first 20 images of each class (200 images), in their original order
# as gzip IDX files with the standard names. The output is byte-for-byte reproducible (gzip
# without a timestamp or file name).
#
# usage: scripts/make-fashion-subset.sh [source-folder] [target-folder]
set -euo pipefail

source_dir="${1:-/usr/share/datasets/fashion-mnist}"
target_dir="${2:-$(dirname "$0")/../testdata/fashion-mnist-subset}"

if [[ ! -f "$source_dir/train-images-idx3-ubyte.gz" ]]; then
  echo "Fashion-MNIST not found in $source_dir: install Debian's dataset-fashion-mnist package" \
    "(apt-get install dataset-fashion-mnist) or pass the folder that holds the IDX files." >&2
  exit 1
fi
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3
mkdir -p "$target_dir"

"$python" - "$source_dir" "$target_dir" <<'PY'
import gzip, struct, sys, os

source, target = sys.argv[1], sys.argv[2]

def read(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, = struct.unpack(">I", data[:4])
    if found != magic:
        sys.exit(f"{path}: magic number 0x{found:08X}, expected 0x{magic:08X}")
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return dims, data[4 + 4 * rank:]

def write(path, magic, dims, body):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + body)

for name, per_class in (("train", 100), ("t10k", 20)):
    (count, rows, cols), pixels = read(f"{source}/{name}-images-idx3-ubyte.gz", 0x803)
    (labels_count,), labels = read(f"{source}/{name}-labels-idx1-ubyte.gz", 0x801)
    if labels_count != count:
        sys.exit(f"{name}: {count} images but {labels_count} labels")
    size = rows * cols
    taken = {c: 0 for c in range(10)}
    chosen = []
    for i, label in enumerate(labels):
        if taken[label] < per_class:
            taken[label] += 1
            chosen.append(i)
        if len(chosen) == 10 * per_class:
            break
    images = b"".join(pixels[i * size:(i + 1) * size] for i in chosen)
    write(f"{target}/{name}-images-idx3-ubyte.gz", 0x803, (len(chosen), rows, cols), images)
    write(f"{target}/{name}-labels-idx1-ubyte.gz", 0x801, (len(chosen),),
          bytes(labels[i] for i in chosen))
    print(f"{name}: {len(chosen)} images ({per_class} per class), last source index {chosen[-1]}")
PY
ls -l "$target_dir"
