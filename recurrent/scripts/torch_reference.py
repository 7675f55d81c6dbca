#!/usr/bin/python3
"""Writes the PyTorch reference files of the recurrent parity tests.

Each case is a directory under recurrent/src/test/resources/torch/<case>/ with
  model.safetensors  the module's state_dict, exactly (so Checkpoint.load reads it by name)
  io.safetensors     the input, initial states, outputs, final states and, for some cases,
                     the gradients of loss = sum(output*W) + sum(h_n*V) [+ sum(c_n*U)]
                     ("grad.<parameter>", "grad.input") with W, V, U stored as well.
Debian has no python3-safetensors, so the format (8-byte little-endian header length, JSON
header, raw little-endian float32) is written by hand.

Run from the repository root:  /usr/bin/python3 recurrent/scripts/torch_reference.py
Written with PyTorch 1.13 (Debian python3-torch); the version is stored in each file's metadata.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "torch")


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def save(case, module, io, note):
    d = os.path.join(OUT, case)
    os.makedirs(d, exist_ok=True)
    meta = {"torch": torch.__version__, "case": case, "note": note}
    write_safetensors(os.path.join(d, "model.safetensors"), dict(module.state_dict()), meta)
    write_safetensors(os.path.join(d, "io.safetensors"), io, meta)


def sequence_case(case, module, x, state, lengths=None, gradients=False, note=""):
    io = {"input": x}
    batch_first = module.batch_first
    if state is not None:
        if isinstance(state, tuple):
            io["h0"], io["c0"] = state
        else:
            io["h0"] = state
    xr = x.clone().requires_grad_(gradients)
    if lengths is not None:
        io["lengths"] = torch.tensor(lengths, dtype=torch.float32)
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            xr, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        out, final = module(packed, state)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(
            out, batch_first=batch_first, total_length=x.shape[1 if batch_first else 0])
    else:
        out, final = module(xr, state)
    io["output"] = out
    hn, cn = final if isinstance(final, tuple) else (final, None)
    io["h_n"] = hn
    if cn is not None:
        io["c_n"] = cn
    if gradients:
        g = torch.Generator().manual_seed(7)
        w = torch.randn(out.shape, generator=g)
        v = torch.randn(hn.shape, generator=g)
        loss = (out * w).sum() + (hn * v).sum()
        io["W"], io["V"] = w, v
        if cn is not None:
            u = torch.randn(cn.shape, generator=g)
            io["U"] = u
            loss = loss + (cn * u).sum()
        loss.backward()
        for name, p in module.named_parameters():
            io["grad." + name] = p.grad
        io["grad.input"] = xr.grad
    save(case, module, {k: v.detach() for k, v in io.items()}, note)


def main():
    torch.manual_seed(2024)
    batch, time, features, hidden = 3, 6, 5, 4

    def randn(*shape):
        return torch.randn(*shape)

    x = randn(batch, time, features)
    m = torch.nn.LSTM(features, hidden, num_layers=2, bidirectional=True, batch_first=True)
    sequence_case("lstm_2layer_bidirectional", m, x,
                  (randn(4, batch, hidden), randn(4, batch, hidden)), gradients=True,
                  note="LSTM(5, 4, num_layers=2, bidirectional=True, batch_first=True), h0 and c0 given")

    m = torch.nn.LSTM(features, hidden, bidirectional=True, batch_first=True)
    sequence_case("lstm_packed_bidirectional", m, x, None, lengths=[6, 2, 4], gradients=True,
                  note="LSTM(5, 4, bidirectional=True, batch_first=True) on a packed batch, lengths 6, 2, 4")

    m = torch.nn.GRU(features, hidden, num_layers=2, batch_first=True)
    sequence_case("gru_2layer", m, x, randn(2, batch, hidden), gradients=True,
                  note="GRU(5, 4, num_layers=2, batch_first=True), h0 given")

    m = torch.nn.GRU(features, hidden, bidirectional=True)
    sequence_case("gru_sequence_first_bidirectional", m, x.transpose(0, 1).contiguous(), None,
                  gradients=True, note="GRU(5, 4, bidirectional=True), input [time, batch, features]")

    m = torch.nn.RNN(features, hidden, bidirectional=True, batch_first=True)
    sequence_case("rnn_tanh_bidirectional", m, x, None, gradients=True,
                  note="RNN(5, 4, bidirectional=True, batch_first=True)")

    m = torch.nn.RNN(features, hidden, num_layers=2, nonlinearity="relu", batch_first=True)
    sequence_case("rnn_relu_2layer", m, x, None, lengths=[3, 6, 1],
                  note="RNN(5, 4, num_layers=2, nonlinearity='relu', batch_first=True), lengths 3, 6, 1")

    cell = torch.nn.LSTMCell(features, hidden)
    x1, h, c = randn(batch, features), randn(batch, hidden), randn(batch, hidden)
    h1, c1 = cell(x1, (h, c))
    save("lstm_cell", cell, {"input": x1, "h0": h, "c0": c, "h1": h1.detach(), "c1": c1.detach()},
         "LSTMCell(5, 4), one step")

    cell = torch.nn.GRUCell(features, hidden)
    h1 = cell(x1, h)
    save("gru_cell", cell, {"input": x1, "h0": h, "h1": h1.detach()}, "GRUCell(5, 4), one step")
    print("wrote", OUT, "with torch", torch.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
