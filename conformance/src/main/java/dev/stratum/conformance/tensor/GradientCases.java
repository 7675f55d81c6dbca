package dev.stratum.conformance.tensor;

import static dev.stratum.conformance.tensor.GradientCase.InputKind.ANY;
import static dev.stratum.conformance.tensor.GradientCase.InputKind.AWAY_FROM_ZERO;
import static dev.stratum.conformance.tensor.GradientCase.InputKind.DISTINCT;
import static dev.stratum.conformance.tensor.GradientCase.InputKind.POSITIVE;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.UnaryOp;
import dev.stratum.conformance.tensor.GradientCase.InputKind;
import dev.stratum.tensor.KernelOp;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One or more gradient cases for every differentiable primitive and for the composites users reach
 * first. Binary ops run on several broadcasting layouts, because the gradient of a broadcast input
 * is a sum and easy to get wrong.
 */
public final class GradientCases {

  private GradientCases() {}

  private static int[] s(int... shape) {
    return shape;
  }

  public static List<GradientCase> all(Backend backend) {
    List<GradientCase> cases = new ArrayList<>();
    unary(cases);
    binary(cases);
    reductions(cases);
    linearAlgebra(cases);
    movement(cases, backend);
    convolution(cases);
    return cases;
  }

  private static void unary(List<GradientCase> cases) {
    int[] shape = s(3, 5);
    cases.add(GradientCase.of("neg", ANY, x -> x[0].neg(), shape));
    cases.add(GradientCase.of("exp", ANY, x -> x[0].exp(), shape));
    cases.add(GradientCase.of("log", POSITIVE, x -> x[0].log(), shape));
    cases.add(GradientCase.of("sqrt", POSITIVE, x -> x[0].sqrt(), shape));
    cases.add(GradientCase.of("abs", AWAY_FROM_ZERO, x -> x[0].abs(), shape));
    cases.add(GradientCase.of("reciprocal", AWAY_FROM_ZERO, x -> x[0].reciprocal(), shape));
    cases.add(GradientCase.of("square", ANY, x -> x[0].square(), shape));
    cases.add(GradientCase.of("relu", AWAY_FROM_ZERO, x -> x[0].relu(), shape));
    cases.add(GradientCase.of("leakyRelu(0.1)", AWAY_FROM_ZERO, x -> x[0].leakyRelu(0.1f), shape));
    cases.add(GradientCase.of("elu(1.5)", AWAY_FROM_ZERO, x -> x[0].elu(1.5f), shape));
    cases.add(GradientCase.of("sigmoid", ANY, x -> x[0].sigmoid(), shape));
    cases.add(GradientCase.of("tanh", ANY, x -> x[0].tanh(), shape));
    cases.add(GradientCase.of("softplus", ANY, x -> x[0].softplus(), shape));
    cases.add(
        GradientCase.of(
            "clamp(-0.5, 0.5)", DISTINCT, x -> x[0].mul(3f).add(0.05f).clamp(-0.5f, 0.5f), shape));
    cases.add(GradientCase.of("pow(scalar 3)", ANY, x -> x[0].pow(3f), shape));
    cases.add(GradientCase.of("gelu", ANY, x -> x[0].gelu(), shape));
    cases.add(GradientCase.of("erf", ANY, x -> x[0].erf(), shape));
    cases.add(GradientCase.of("geluExact", ANY, x -> x[0].geluExact(), shape));
    biasActivation(cases);
  }

  private static void biasActivation(List<GradientCase> cases) {
    // the bias is scaled by 0.1 so that x + bias stays at least 0.1 away from the kinks at 0
    record Fused(String name, UnaryOp act, float alpha) {}
    for (Fused f :
        List.of(
            new Fused("none", null, 0f),
            new Fused("relu", UnaryOp.RELU, 0f),
            new Fused("leakyRelu(0.1)", UnaryOp.LEAKY_RELU, 0.1f),
            new Fused("elu(1.5)", UnaryOp.ELU, 1.5f),
            new Fused("sigmoid", UnaryOp.SIGMOID, 0f),
            new Fused("tanh", UnaryOp.TANH, 0f))) {
      cases.add(
          GradientCase.of(
              "biasActivation " + f.name(),
              AWAY_FROM_ZERO,
              x -> x[0].biasActivation(x[1].mul(0.1f), f.act(), f.alpha()),
              s(4, 5),
              s(5)));
    }
  }

  private static void binary(List<GradientCase> cases) {
    int[][][] layouts = {
      {s(3, 4), s(3, 4)}, {s(3, 4), s(4)}, {s(2, 1, 3), s(4, 1)}, {s(), s(2, 3)}, {s(3, 1), s(1, 4)}
    };
    for (int[][] l : layouts) {
      String shapes = " " + java.util.Arrays.toString(l[0]) + " " + java.util.Arrays.toString(l[1]);
      cases.add(GradientCase.of("add" + shapes, ANY, x -> x[0].add(x[1]), l));
      cases.add(GradientCase.of("sub" + shapes, ANY, x -> x[0].sub(x[1]), l));
      cases.add(GradientCase.of("mul" + shapes, ANY, x -> x[0].mul(x[1]), l));
      cases.add(GradientCase.of("div" + shapes, AWAY_FROM_ZERO, x -> x[0].div(x[1]), l));
      cases.add(GradientCase.of("pow" + shapes, POSITIVE, x -> x[0].pow(x[1]), l));
      cases.add(
          GradientCase.of("maximum" + shapes, DISTINCT, x -> x[0].maximum(x[1].add(0.05f)), l));
      cases.add(
          GradientCase.of("minimum" + shapes, DISTINCT, x -> x[0].minimum(x[1].add(0.05f)), l));
    }
    cases.add(
        GradientCase.of(
            "where",
            AWAY_FROM_ZERO,
            x -> Tensor.where(x[0].gt(0f), x[1], x[2]),
            s(3, 4),
            s(3, 4),
            s(4)));
  }

  private static void reductions(List<GradientCase> cases) {
    int[] shape = s(2, 3, 4);
    cases.add(GradientCase.of("sum all", ANY, x -> x[0].sum(), shape));
    cases.add(GradientCase.of("sum axis 1", ANY, x -> x[0].sum(false, 1), shape));
    cases.add(GradientCase.of("sum axes 0,2 keepDims", ANY, x -> x[0].sum(true, 0, 2), shape));
    cases.add(GradientCase.of("mean axis -1", ANY, x -> x[0].mean(false, -1), shape));
    cases.add(GradientCase.of("max axis 1", DISTINCT, x -> x[0].max(false, 1), shape));
    cases.add(GradientCase.of("min axes 0,1", DISTINCT, x -> x[0].min(true, 0, 1), shape));
    cases.add(GradientCase.of("variance axis 2", ANY, x -> x[0].variance(1, false, 2), shape));
    cases.add(GradientCase.of("softmax axis -1", ANY, x -> x[0].softmax(-1), shape));
    cases.add(GradientCase.of("softmax axis 1", ANY, x -> x[0].softmax(1), shape));
    cases.add(GradientCase.of("logsumexp axes 0,2", ANY, x -> x[0].logsumexp(false, 0, 2), shape));
    cases.add(GradientCase.of("logSoftmax axis -1", ANY, x -> x[0].logSoftmax(-1), shape));
    cases.add(GradientCase.of("logSoftmax axis 0", ANY, x -> x[0].logSoftmax(0), shape));
  }

  private static void linearAlgebra(List<GradientCase> cases) {
    cases.add(GradientCase.of("matmul [3,4]x[4,5]", ANY, x -> x[0].matmul(x[1]), s(3, 4), s(4, 5)));
    cases.add(
        GradientCase.of(
            "matmul transposeLeft", ANY, x -> x[0].matmul(x[1], true, false), s(4, 3), s(4, 5)));
    cases.add(
        GradientCase.of(
            "matmul transposeRight", ANY, x -> x[0].matmul(x[1], false, true), s(3, 4), s(5, 4)));
    cases.add(
        GradientCase.of(
            "matmul transposeBoth", ANY, x -> x[0].matmul(x[1], true, true), s(4, 3), s(5, 4)));
    cases.add(
        GradientCase.of("matmul batched", ANY, x -> x[0].matmul(x[1]), s(2, 3, 4), s(2, 4, 5)));
    cases.add(
        GradientCase.of(
            "matmul batch-broadcast right", ANY, x -> x[0].matmul(x[1]), s(2, 3, 4), s(4, 5)));
    cases.add(
        GradientCase.of(
            "matmul batch-broadcast left transposed",
            ANY,
            x -> x[0].matmul(x[1], false, true),
            s(3, 4),
            s(2, 5, 4)));
    cases.add(
        GradientCase.of(
            "matmul partial batch broadcast",
            ANY,
            x -> x[0].matmul(x[1]),
            s(2, 1, 3, 4),
            s(3, 4, 2)));
  }

  private static void movement(List<GradientCase> cases, Backend backend) {
    int[] shape = s(2, 3, 4);
    cases.add(
        GradientCase.of("reshape", ANY, x -> x[0].reshape(4, -1).mul(x[0].reshape(4, 6)), shape));
    cases.add(GradientCase.of("permute", ANY, x -> x[0].permute(2, 0, 1), shape));
    cases.add(GradientCase.of("transpose", ANY, x -> x[0].transpose(0, 2), shape));
    cases.add(
        GradientCase.of(
            "unsqueeze/squeeze",
            ANY,
            x -> x[0].unsqueeze(1).mul(x[0].unsqueeze(1)).squeeze(1),
            shape));
    cases.add(GradientCase.of("slice", ANY, x -> x[0].slice(2, 1, 3), shape));
    cases.add(GradientCase.of("broadcastTo", ANY, x -> x[0].broadcastTo(2, 3, 4), s(3, 1)));
    cases.add(
        GradientCase.of(
            "concat", ANY, x -> Tensor.concat(List.of(x[0], x[1], x[0]), 1), s(2, 3), s(2, 2)));
    cases.add(
        GradientCase.of("stack", ANY, x -> Tensor.stack(List.of(x[0], x[1]), 1), s(2, 3), s(2, 3)));
    cases.add(
        GradientCase.of(
            "indexSelect repeated",
            ANY,
            x -> x[0].indexSelect(0, Tensor.vector(backend, 2, 0, 2, 1)),
            s(3, 4)));
    cases.add(
        GradientCase.of(
            "gather axis 1 repeated",
            ANY,
            x -> x[0].gather(1, Tensor.of(backend, new float[] {2, 0, 2, 1, 1, 3}, 2, 3)),
            s(3, 4)));
    cases.add(
        GradientCase.of(
            "indexAdd",
            ANY,
            x -> x[0].indexAdd(1, Tensor.vector(backend, 1, 1, 0), x[1]),
            s(2, 3),
            s(2, 3)));
    cases.add(GradientCase.of("to(same backend)", ANY, x -> x[0].to(backend).square(), s(2, 3)));
    cases.add(
        GradientCase.of(
            "unbind all slices", ANY, x -> Tensor.stack(x[0].unbind(1), 0).square(), shape));
    // slice 1 is unused: its share of the gradient is zero
    cases.add(
        GradientCase.of(
            "unbind some slices",
            ANY,
            x -> {
              List<Tensor> p = x[0].unbind(0);
              return p.get(0).mul(p.get(2)).add(p.get(0));
            },
            s(3, 4)));
    kernelOp(cases);
  }

  /**
   * A two-output {@link KernelOp} ({@code a·b} and {@code a − b} by the core kernels) with its rule
   * in tensor ops; the function uses both outputs, the second squared, so the rule must combine
   * them.
   */
  private static void kernelOp(List<GradientCase> cases) {
    cases.add(
        GradientCase.of(
            "kernelOp two outputs",
            ANY,
            x -> {
              Tensor a = x[0];
              Tensor b = x[1];
              int[] shape = a.shape();
              int[] strides = {shape[1], 1};
              List<Tensor> out =
                  KernelOp.apply(
                      "productAndDifference",
                      List.of(shape, shape),
                      (in, o) -> {
                        a.backend()
                            .binary(BinaryOp.MUL, shape, in[0], strides, in[1], strides, o[0]);
                        a.backend()
                            .binary(BinaryOp.SUB, shape, in[0], strides, in[1], strides, o[1]);
                      },
                      g -> {
                        Tensor ga = g[0] == null ? null : g[0].mul(b);
                        Tensor gb = g[0] == null ? null : g[0].mul(a);
                        if (g[1] != null) {
                          ga = ga == null ? g[1] : ga.add(g[1]);
                          gb = gb == null ? g[1].neg() : gb.sub(g[1]);
                        }
                        return new Tensor[] {ga, gb};
                      },
                      a,
                      b);
              return out.get(0).add(out.get(1).square());
            },
            s(3, 4),
            s(3, 4)));
  }

  private static void convolution(List<GradientCase> cases) {
    cases.add(
        GradientCase.of(
            "conv2d 3x3 pad 1 with bias",
            ANY,
            x -> x[0].conv2d(x[1], x[2], 1, 1),
            s(2, 2, 5, 5),
            s(3, 2, 3, 3),
            s(3)));
    cases.add(
        GradientCase.of(
            "conv2d 3x3 stride 2",
            ANY,
            x -> x[0].conv2d(x[1], null, 2, 0),
            s(1, 2, 6, 6),
            s(2, 2, 3, 3)));
    cases.add(
        GradientCase.of(
            "col2im 3x3 stride 2 pad 1",
            ANY,
            x -> x[0].col2im(ConvolutionGeometry.square(2, 2, 5, 5, 3, 2, 1)),
            s(2, 18, 9)));
    cases.add(
        GradientCase.of(
            "convTranspose2d 3x3 stride 2 pad 1 outputPadding 1 with bias",
            ANY,
            x -> x[0].convTranspose2d(x[1], x[2], 2, 1, 1),
            s(2, 3, 3, 3),
            s(3, 2, 3, 3),
            s(2)));
    cases.add(
        GradientCase.of(
            "convTranspose2d 2x2 stride 1",
            ANY,
            x -> x[0].convTranspose2d(x[1], null, 1, 0, 0),
            s(1, 2, 3, 4),
            s(2, 3, 2, 2)));
    cases.add(
        GradientCase.of("upsampleNearest2d 2", ANY, x -> x[0].upsampleNearest2d(2), s(2, 3, 2, 3)));
    cases.add(
        GradientCase.of(
            "conv2d 2x3 groups 2 dilation 2x1 end padding",
            ANY,
            x ->
                x[0].conv2d(
                    x[1],
                    x[2],
                    new ConvolutionGeometry(2, 4, 6, 5, 2, 3, 1, 2, 0, 1)
                        .withEndPadding(1, 1)
                        .withDilation(2, 1),
                    2),
            s(2, 4, 6, 5),
            s(6, 2, 2, 3),
            s(6)));
    cases.add(
        GradientCase.of(
            "convTranspose2d 3x2 groups 2 stride 2x1 dilation 1x2 with bias",
            ANY,
            x ->
                x[0].convTranspose2d(
                    x[1],
                    x[2],
                    new ConvolutionGeometry(2, 6, 6, 5, 3, 2, 2, 1, 1, 0).withDilation(1, 2),
                    2),
            s(2, 4, 3, 3),
            s(4, 3, 3, 2),
            s(6)));
    cases.add(
        GradientCase.of(
            "avgPool2d 3x2 stride 2 ceil",
            ANY,
            x ->
                x[0].avgPool2d(
                    new ConvolutionGeometry(1, 2, 6, 5, 3, 2, 2, 2, 1, 0).withCeilMode(true)),
            s(1, 2, 6, 5)));
    cases.add(
        new GradientCase(
            "maxPool2d 2x3 dilation 2 ceil",
            new int[][] {s(1, 2, 7, 7)},
            InputKind.DISTINCT,
            false,
            x ->
                x[0].maxPool2d(
                    new ConvolutionGeometry(1, 2, 7, 7, 2, 3, 2, 2, 1, 1)
                        .withDilation(2, 2)
                        .withCeilMode(true))));
    cases.add(GradientCase.of("avgPool2d 2", ANY, x -> x[0].avgPool2d(2, 2, 0), s(2, 2, 4, 4)));
    cases.add(
        GradientCase.of(
            "avgPool2d 3 stride 2 pad 1", ANY, x -> x[0].avgPool2d(3, 2, 1), s(1, 2, 5, 5)));
    cases.add(
        new GradientCase(
            "maxPool2d 2",
            new int[][] {s(2, 2, 4, 4)},
            InputKind.DISTINCT,
            false,
            x -> x[0].maxPool2d(2, 2, 0)));
    cases.add(
        new GradientCase(
            "maxPool2d 3 stride 2 pad 1",
            new int[][] {s(1, 2, 5, 5)},
            InputKind.DISTINCT,
            false,
            x -> x[0].maxPool2d(3, 2, 1)));
  }
}
