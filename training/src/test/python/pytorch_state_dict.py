"""Writes pytorch-mlp.safetensors and pytorch-mlp-output.txt for StateDictFilesTest.

Run with Debian's python3-torch (written with torch 1.13.0; Debian has no python3-safetensors, so
the file is written by hand in the safetensors layout: an 8-byte little-endian header length, the
JSON header padded with spaces to a multiple of 8, then the little-endian float32 data):
    /usr/bin/python3 training/src/test/python/pytorch_state_dict.py training/src/test/resources/dev/stratum/checkpoint
The model is nn.Sequential(encoder=Sequential(Linear(3, 4), ReLU(), Linear(4, 2))) so its keys are
PyTorch's "encoder.0.weight", ..., which the test maps to Stratum's "0.weight", ...
"""
import json
import struct
import sys

import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(0)
model = nn.Sequential()
model.add_module("encoder", nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)))
state = {k: v.detach().to(torch.float32).contiguous() for k, v in model.state_dict().items()}

header = {}
blobs = []
offset = 0
for name, t in state.items():
    data = struct.pack("<%df" % t.numel(), *t.reshape(-1).tolist())
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
header["__metadata__"] = {"format": "pt", "torch": torch.__version__}
text = json.dumps(header, separators=(",", ":")).encode("utf-8")
text += b" " * ((8 - len(text) % 8) % 8)
with open(out + "/pytorch-mlp.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for b in blobs:
        f.write(b)

x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
with torch.no_grad():
    y = model(x)
with open(out + "/pytorch-mlp-output.txt", "w") as f:
    f.write("# torch %s: input [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], output row-major\n" % torch.__version__)
    f.write(" ".join(repr(v) for v in y.reshape(-1).tolist()) + "\n")
