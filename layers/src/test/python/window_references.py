"""Reference values for WindowLayersPyTorchTest (layers/src/test/java/dev/stratum/layers).

Convolution, transposed convolution, pooling, global average pooling and LayerNorm with the
options of rectangular kernels, strides, padding (explicit and 'same', including the asymmetric
case of an even kernel), dilation, groups, ceil_mode and count_include_pad, computed by PyTorch in
float64 on inputs and parameters that are float32 values. Each case holds the layer's Stratum type
and JSON config, its parameters by name, the input, a fixed upstream tensor U, the output, and the
gradients of L = sum(output * U) for the input and every parameter.

Run with Debian's python3-torch (written with torch 1.13.0) from the repository root:
    /usr/bin/python3 layers/src/test/python/window_references.py \
        > layers/src/test/resources/dev/stratum/layers/window-references.json
"""
import json

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261201)


def f32(t):
    """Rounds to float32 values, kept in float64."""
    return t.to(torch.float32).to(torch.float64)


def normal(*shape):
    return f32(torch.randn(*shape, generator=gen))


def distinct(*shape):
    """A shuffled grid 0.05 apart: no ties in a max-pooling window, none near one."""
    n = 1
    for d in shape:
        n *= d
    values = (torch.arange(n, dtype=torch.float64) - n // 2) * 0.05 + 0.025
    return f32(values[torch.randperm(n, generator=gen)].reshape(shape))


def tensor(t):
    # ten significant digits: far below the float32 tolerances of the test
    return {"shape": list(t.shape),
            "data": [float("%.10g" % v) for v in t.detach().reshape(-1).tolist()]}


cases = []


def case(name, layer_type, config, module, x):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(normal(*p.shape))
    x = x.clone().requires_grad_(True)
    y = module(x)
    u = normal(*y.shape)
    (y * u).sum().backward()
    cases.append({
        "name": name,
        "type": layer_type,
        "config": config,
        "parameters": {n: tensor(p) for n, p in module.named_parameters()},
        "input": tensor(x),
        "upstream": tensor(u),
        "output": tensor(y),
        "gradients": dict({"input": tensor(x.grad)},
                          **{n: tensor(p.grad) for n, p in module.named_parameters()}),
    })


def conv(name, x_shape, config, **torch_args):
    keys = {"stride", "padding", "dilation", "groups", "bias"}
    module = nn.Conv2d(config["inChannels"], config["outChannels"], torch_args.pop("kernel"),
                       **{k: v for k, v in torch_args.items() if k in keys})
    case(name, "conv2d", config, module, normal(*x_shape))


conv("conv2d rectangular kernel 2x3 stride 2x1 padding 1x2", [2, 3, 7, 6],
     {"inChannels": 3, "outChannels": 4, "kernel": [2, 3], "stride": [2, 1], "padding": [1, 2]},
     kernel=(2, 3), stride=(2, 1), padding=(1, 2))
conv("conv2d dilation 2x3 padding 2x3", [1, 2, 8, 9],
     {"inChannels": 2, "outChannels": 3, "kernel": 3, "padding": [2, 3], "dilation": [2, 3]},
     kernel=3, padding=(2, 3), dilation=(2, 3))
conv("conv2d groups 2 stride 2 padding 1", [2, 4, 6, 7],
     {"inChannels": 4, "outChannels": 6, "kernel": 3, "stride": 2, "padding": 1, "groups": 2},
     kernel=3, stride=2, padding=1, groups=2)
conv("conv2d depthwise groups 4 same no bias", [1, 4, 5, 6],
     {"inChannels": 4, "outChannels": 4, "kernel": 3, "padding": "same", "groups": 4,
      "bias": False},
     kernel=3, padding="same", groups=4, bias=False)
conv("conv2d depthwise multiplier 2 kernel 3x2 same", [2, 3, 5, 4],
     {"inChannels": 3, "outChannels": 6, "kernel": [3, 2], "padding": "same", "groups": 3},
     kernel=(3, 2), padding="same", groups=3)
conv("conv2d same even kernel 4x2 dilation 1x3 (asymmetric)", [2, 2, 6, 7],
     {"inChannels": 2, "outChannels": 3, "kernel": [4, 2], "padding": "same",
      "dilation": [1, 3]},
     kernel=(4, 2), padding="same", dilation=(1, 3))
conv("conv2d kernel 1x3 stride 3x2 floored", [1, 2, 7, 8],
     {"inChannels": 2, "outChannels": 2, "kernel": [1, 3], "stride": [3, 2]},
     kernel=(1, 3), stride=(3, 2))


def conv_t(name, x_shape, config, **torch_args):
    keys = {"stride", "padding", "output_padding", "dilation", "groups", "bias"}
    module = nn.ConvTranspose2d(config["inChannels"], config["outChannels"],
                                torch_args.pop("kernel"),
                                **{k: v for k, v in torch_args.items() if k in keys})
    case(name, "conv_transpose2d", config, module, normal(*x_shape))


conv_t("conv_transpose2d kernel 3x2 stride 2x1 padding 1x0 output padding 1x0", [2, 3, 3, 4],
       {"inChannels": 3, "outChannels": 2, "kernel": [3, 2], "stride": [2, 1],
        "padding": [1, 0], "outputPadding": [1, 0]},
       kernel=(3, 2), stride=(2, 1), padding=(1, 0), output_padding=(1, 0))
conv_t("conv_transpose2d groups 2 dilation 2 stride 2 padding 1 output padding 1", [1, 4, 3, 3],
       {"inChannels": 4, "outChannels": 6, "kernel": 3, "stride": 2, "padding": 1,
        "outputPadding": 1, "dilation": 2, "groups": 2},
       kernel=3, stride=2, padding=1, output_padding=1, dilation=2, groups=2)
conv_t("conv_transpose2d depthwise kernel 2x3 stride 1x2 dilation 2x1 no bias", [2, 3, 4, 3],
       {"inChannels": 3, "outChannels": 3, "kernel": [2, 3], "stride": [1, 2],
        "dilation": [2, 1], "groups": 3, "bias": False},
       kernel=(2, 3), stride=(1, 2), dilation=(2, 1), groups=3, bias=False)


def max_pool(name, x_shape, config, **torch_args):
    case(name, "max_pool2d", config, nn.MaxPool2d(**torch_args), distinct(*x_shape))


max_pool("max_pool2d kernel 2x3 stride 2x1 padding 1x1", [2, 2, 6, 7],
         {"kernel": [2, 3], "stride": [2, 1], "padding": 1},
         kernel_size=(2, 3), stride=(2, 1), padding=1)
max_pool("max_pool2d kernel 3 stride 2 ceil", [1, 2, 8, 8],
         {"kernel": 3, "stride": 2, "ceilMode": True},
         kernel_size=3, stride=2, ceil_mode=True)
max_pool("max_pool2d kernel 3 stride 2 padding 1 dilation 2 ceil", [1, 2, 9, 10],
         {"kernel": 3, "stride": 2, "padding": 1, "dilation": 2, "ceilMode": True},
         kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True)
max_pool("max_pool2d kernel 2 default stride ceil", [2, 1, 5, 7],
         {"kernel": 2, "ceilMode": True},
         kernel_size=2, ceil_mode=True)


def avg_pool(name, x_shape, config, **torch_args):
    case(name, "avg_pool2d", config, nn.AvgPool2d(**torch_args), normal(*x_shape))


for include in (True, False):
    tag = "include pad" if include else "exclude pad"
    avg_pool("avg_pool2d kernel 3x2 stride 2x1 padding 1x1 " + tag, [2, 2, 6, 5],
             {"kernel": [3, 2], "stride": [2, 1], "padding": 1, "countIncludePad": include},
             kernel_size=(3, 2), stride=(2, 1), padding=1, count_include_pad=include)
    avg_pool("avg_pool2d kernel 3 stride 2 padding 1 ceil " + tag, [1, 2, 6, 6],
             {"kernel": 3, "stride": 2, "padding": 1, "ceilMode": True,
              "countIncludePad": include},
             kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=include)
    avg_pool("avg_pool2d kernel 2x3 stride 2 padding 0x1 ceil " + tag, [2, 1, 7, 8],
             {"kernel": [2, 3], "stride": 2, "padding": [0, 1], "ceilMode": True,
              "countIncludePad": include},
             kernel_size=(2, 3), stride=2, padding=(0, 1), ceil_mode=True,
             count_include_pad=include)
avg_pool("avg_pool2d kernel 2 ceil no padding", [1, 2, 5, 5],
         {"kernel": 2, "ceilMode": True}, kernel_size=2, ceil_mode=True)


case("global_avg_pool2d keepDims", "global_avg_pool2d", {"keepDims": True},
     nn.AdaptiveAvgPool2d(1), normal(2, 3, 4, 5))
case("global_avg_pool2d", "global_avg_pool2d", {},
     nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()), normal(2, 3, 5, 3))

case("layer_norm [5]", "layer_norm", {"normalizedShape": [5]}, nn.LayerNorm(5), normal(3, 5))
case("layer_norm [3, 4] over [2, 2, 3, 4]", "layer_norm", {"normalizedShape": [3, 4]},
     nn.LayerNorm([3, 4]), normal(2, 2, 3, 4))
case("layer_norm [6] eps 1e-3 no affine", "layer_norm",
     {"normalizedShape": [6], "eps": 1e-3, "elementwiseAffine": False},
     nn.LayerNorm(6, eps=1e-3, elementwise_affine=False), normal(4, 6))

# one case a line, so a diff shows which cases changed
print('{"torch": %s, "cases": [' % json.dumps(torch.__version__))
print(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
print("]}")
