"""Reference values for PyTorchReferenceTest (layers/src/test/java/.../loss).

Run with Debian's python3-torch (written with torch 1.13.0):
    /usr/bin/python3 layers/src/test/python/loss_references.py \
        > layers/src/test/resources/dev/stratum/layers/loss/pytorch-references.txt
Each output line is "name value value ..." (float64 printed with repr); the inputs are written out
here and in the Java test, small enough to read.
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
out = []


def emit(name, t):
    values = t.detach().reshape(-1).tolist()
    out.append(name + " " + " ".join(repr(float(v)) for v in values))


p = torch.tensor([[0.3, -1.2, 2.0], [0.0, 0.5, -0.7]])
t = torch.tensor([[0.1, 0.4, -0.5], [0.0, 0.45, 1.9]])
emit("huber_delta_0.8_none", F.huber_loss(p, t, reduction="none", delta=0.8))
emit("smooth_l1_beta_0.8_none", F.smooth_l1_loss(p, t, reduction="none", beta=0.8))
emit("smooth_l1_beta_0_mean", F.smooth_l1_loss(p, t, reduction="mean", beta=0.0))

scores = torch.tensor([[0.2, 1.5, -0.3, 0.9], [1.1, -0.4, 0.6, 0.0], [-0.8, 0.3, 0.35, 1.2]])
labels = torch.tensor([1, 2, 3])
emit("multi_margin_p1_m1_none", F.multi_margin_loss(scores, labels, p=1, margin=1.0, reduction="none"))
emit("multi_margin_p2_m0.5_mean", F.multi_margin_loss(scores, labels, p=2, margin=0.5))

logits = torch.tensor([[1.0, -0.5, 0.3], [0.2, 2.2, -1.0], [-0.3, 0.1, 0.4], [0.9, 0.0, -2.0]])
idx = torch.tensor([0, 1, 2, 1])
w = torch.tensor([0.5, 2.0, 1.5])
emit("ce_weights_mean", F.cross_entropy(logits, idx, weight=w))
emit("ce_weights_none", F.cross_entropy(logits, idx, weight=w, reduction="none"))
emit("ce_ignore_1_mean", F.cross_entropy(logits, idx, ignore_index=1))
emit("ce_weights_ignore_1_smoothing_0.1_mean",
     F.cross_entropy(logits, idx, weight=w, ignore_index=1, label_smoothing=0.1))
emit("ce_weights_ignore_1_smoothing_0.1_none",
     F.cross_entropy(logits, idx, weight=w, ignore_index=1, label_smoothing=0.1, reduction="none"))
probs = torch.tensor([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0], [0.3, 0.3, 0.4], [0.5, 0.5, 0.0]])
emit("ce_probs_weights_smoothing_0.1_mean",
     F.cross_entropy(logits, probs, weight=w, label_smoothing=0.1))

bp = torch.tensor([0.0, 1.0, 0.3, 1.0])
bt = torch.tensor([1.0, 0.0, 1.0, 1.0])
emit("bce_pytorch_clamp_none", F.binary_cross_entropy(bp, bt, reduction="none"))

x = torch.tensor([-3.0, -1.0, -0.2, 0.0, 0.5, 1.7, 4.0])
emit("gelu_exact_x", x)
emit("gelu_exact", F.gelu(x))
xg = x.clone().requires_grad_(True)
F.gelu(xg).sum().backward()
emit("gelu_exact_grad", xg.grad)
emit("erf", torch.erf(x))

emit("logsumexp_axis1", torch.logsumexp(torch.tensor([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]]), dim=1))
print("# torch " + torch.__version__)
print("\n".join(out))
