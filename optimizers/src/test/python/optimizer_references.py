"""Reference values for PyTorchReferenceTest (optimizers/src/test/java/dev/stratum/optimizers).

Run with Debian's python3-torch (written with torch 1.13.0):
    /usr/bin/python3 optimizers/src/test/python/optimizer_references.py \
        > optimizers/src/test/resources/dev/stratum/optimizers/pytorch-references.txt
Each output line is "name value value ..." (float64 printed with repr).

- one_cycle_{lr,momentum,beta1}_*: OneCycleLR(max_lr=1, total_steps=N) with its defaults
  (pct_start 0.3, div 25, final div 1e4, cos annealing, cycle_momentum with base 0.85 and max 0.95),
  the rate and momentum (SGD) or betas[0] (Adam) in force before each of the N steps.
- maximize_*: the parameter after each of three steps of an optimizer with maximize=True, from
  theta0 = [1.0, -2.0] under the gradients listed in GRADIENTS (float64, so float32 rounding in the
  Java test is the only difference).
"""
import torch

torch.set_default_dtype(torch.float64)
out = ["# torch " + torch.__version__]


def emit(name, values):
    out.append(name + " " + " ".join(repr(float(v)) for v in values))


def one_cycle(total, optimizer_class, **kwargs):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = optimizer_class([p], lr=1.0, **kwargs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=total)
    lrs, moms = [], []
    for _ in range(total):
        group = opt.param_groups[0]
        lrs.append(group["lr"])
        moms.append(group["momentum"] if "momentum" in group else group["betas"][0])
        p.grad = torch.zeros(1)
        opt.step()
        sched.step() if len(lrs) < total else None
    return lrs, moms


for total in (100, 7):
    lrs, moms = one_cycle(total, torch.optim.SGD, momentum=0.9)
    emit("one_cycle_lr_%d" % total, lrs)
    emit("one_cycle_momentum_%d" % total, moms)
    _, betas = one_cycle(total, torch.optim.Adam)
    emit("one_cycle_beta1_%d" % total, betas)

GRADIENTS = [[0.5, -1.0], [0.25, 2.0], [-0.75, 0.5]]


def maximize(name, optimizer_class, **kwargs):
    p = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    opt = optimizer_class([p], maximize=True, **kwargs)
    values = []
    for g in GRADIENTS:
        p.grad = torch.tensor(g)
        opt.step()
        values.extend(p.detach().tolist())
    emit("maximize_" + name, values)


maximize("sgd", torch.optim.SGD, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.1)
maximize("adam", torch.optim.Adam, lr=0.1, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.1)
maximize("adamw", torch.optim.AdamW, lr=0.1, weight_decay=0.1)
maximize("adagrad", torch.optim.Adagrad, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)
maximize("rmsprop", torch.optim.RMSprop, lr=0.01, momentum=0.5, centered=True)
maximize("adadelta", torch.optim.Adadelta, lr=1.0, rho=0.9, eps=1e-6)
maximize("adamax", torch.optim.Adamax, lr=0.002)

print("\n".join(out))
