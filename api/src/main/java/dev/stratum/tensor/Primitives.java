package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedActivationGradient;
import dev.stratum.backend.fused.FusedBiasActivation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every differentiable primitive: its forward computation on the backend and, beside it, its
 * gradient rule. Rules are written with tensor ops, so they are recorded too when {@link
 * Autograd#grad} asks for a graph of the gradient, which gives higher derivatives. Composite ops
 * (mean, clamp, conv2d, ...) are built from these and never write a rule of their own.
 */
final class Primitives {

  private Primitives() {}

  private static final Map<Enum<?>, String> OP_NAMES = new HashMap<>();

  static {
    for (Enum<?>[] ops :
        List.<Enum<?>[]>of(UnaryOp.values(), BinaryOp.values(), ReduceOp.values())) {
      for (Enum<?> op : ops) {
        OP_NAMES.put(op, op.name().toLowerCase(Locale.ROOT));
      }
    }
  }

  /**
   * The op's name as messages and graph nodes show it ("add", "leaky_relu"), without allocating.
   */
  private static String opName(Enum<?> op) {
    return OP_NAMES.get(op);
  }

  /** Attaches a gradient rule to {@code out} if recording is on and an input needs a gradient. */
  private static Tensor record(Tensor out, String op, Node.Rule rule, Tensor... inputs) {
    if (!Autograd.isRecording()) {
      return out;
    }
    for (Tensor input : inputs) {
      if (input.requiresGrad) {
        out.requiresGrad = true;
        out.gradFn = new Node(op, inputs, rule);
        return out;
      }
    }
    return out;
  }

  static Backend sameBackend(String op, Tensor a, Tensor b) {
    if (a.backend() != b.backend()) {
      throw new IllegalArgumentException(
          op
              + ": tensors live on different backends ("
              + a.backend().name()
              + " and "
              + b.backend().name()
              + "); move one first with tensor.to(backend)");
    }
    return a.backend();
  }

  // ------------------------------------------------------------------ element-wise

  static Tensor unary(UnaryOp op, float alpha, Tensor x) {
    Tensor y = Tensor.empty(x.backend(), x.shapeView());
    x.backend().unary(op, alpha, x.storage(), y.storage(), x.size());
    String name = opName(op);
    return switch (op) {
      case NEG -> record(y, name, g -> new Tensor[] {g.neg()}, x);
      case EXP -> record(y, name, g -> new Tensor[] {g.mul(y)}, x);
      case LOG -> record(y, name, g -> new Tensor[] {g.div(x)}, x);
      case SQRT -> record(y, name, g -> new Tensor[] {g.div(y).mul(0.5f)}, x);
      case ABS -> record(y, name, g -> new Tensor[] {g.mul(x.sign())}, x);
      case RECIPROCAL -> record(y, name, g -> new Tensor[] {g.mul(y.square()).neg()}, x);
      case SQUARE -> record(y, name, g -> new Tensor[] {g.mul(x).mul(2f)}, x);
      // NOTE: with alpha >= 0, y > 0 exactly where x > 0, so these rules read the output only
      case RELU, LEAKY_RELU, ELU, SIGMOID, TANH ->
          record(
              y,
              name,
              g ->
                  new Tensor[] {
                    FusedActivationGradient.supports(op, alpha)
                        ? throughActivation(g, op, alpha, y)
                        : g.mul(negativeSlopeDerivative(op, alpha, x, y))
                  },
              x);
      case SOFTPLUS -> record(y, name, g -> new Tensor[] {g.mul(x.sigmoid())}, x);
      // piecewise constant: zero gradient almost everywhere, nothing to propagate
      case SIGN, STEP -> y;
    };
  }

  /**
   * The error function. Its forward pass is a composition of kernels run without recording (below);
   * its gradient is the exact {@code 2/√π·e^(-x²)}, not the derivative of that approximation.
   */
  static Tensor erf(Tensor x) {
    Tensor y;
    try (NoGrad ignored = Autograd.noGrad()) {
      y = TensorScope.composite(() -> erfApproximation(x));
    }
    return record(
        y, "erf", g -> new Tensor[] {g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI))}, x);
  }

  private static final float TWO_OVER_SQRT_PI = (float) (2 / Math.sqrt(Math.PI));

  /**
   * erf to about 2e-7 absolute: Taylor's series to x¹³ below |x| = 0.5 (truncation below 1e-9, and
   * no cancellation, so tiny x keep their relative accuracy), Abramowitz and Stegun 7.1.26 ({@code
   * 1 - (a₁t + … + a₅t⁵)e^(-x²)}, {@code t = 1/(1 + p|x|)}, error at most 1.5e-7) above, with the
   * sign of x.
   */
  private static Tensor erfApproximation(Tensor x) {
    Tensor x2 = x.square();
    // Σ (-1)ⁿ x^(2n+1) / (n! (2n+1)), Horner in x², times 2/√π
    float[] series = {1f, -1f / 3, 1f / 10, -1f / 42, 1f / 216, -1f / 1320, 1f / 9360};
    Tensor taylor = x2.mul(series[6]);
    for (int n = 5; n >= 1; n--) {
      taylor = taylor.add(series[n]).mul(x2);
    }
    taylor = taylor.add(series[0]).mul(x).mul(TWO_OVER_SQRT_PI);
    Tensor abs = x.abs();
    Tensor t = abs.mul(0.3275911f).add(1f).reciprocal();
    Tensor poly = t.mul(1.061405429f).add(-1.453152027f).mul(t).add(1.421413741f).mul(t);
    poly = poly.add(-0.284496736f).mul(t).add(0.254829592f).mul(t);
    Tensor tail = poly.mul(x2.neg().exp()).neg().add(1f).mul(x.sign());
    return where(abs.lt(0.5f), taylor, tail);
  }

  private static Tensor step(Tensor x) {
    return unary(UnaryOp.STEP, 0f, x);
  }

  private static Tensor one(Tensor like) {
    return Tensor.scalar(like.backend(), 1f);
  }

  static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    String name = opName(op);
    Backend backend = sameBackend(name, a, b);
    int[] shape = Shapes.broadcast(name, a.shapeView(), b.shapeView());
    Tensor y = Tensor.empty(backend, shape);
    backend.binary(
        op,
        shape,
        a.storage(),
        Shapes.broadcastStrides(a.shapeView(), shape),
        b.storage(),
        Shapes.broadcastStrides(b.shapeView(), shape),
        y.storage());
    int[] as = a.shapeView();
    int[] bs = b.shapeView();
    return switch (op) {
      case ADD -> record(y, name, g -> new Tensor[] {sumTo(g, as), sumTo(g, bs)}, a, b);
      case SUB -> record(y, name, g -> new Tensor[] {sumTo(g, as), sumTo(g.neg(), bs)}, a, b);
      case MUL ->
          record(
              y,
              name,
              g ->
                  new Tensor[] {
                    a.requiresGrad ? sumTo(g.mul(b), as) : null,
                    b.requiresGrad ? sumTo(g.mul(a), bs) : null
                  },
              a,
              b);
      case DIV ->
          record(
              y,
              name,
              g ->
                  new Tensor[] {
                    a.requiresGrad ? sumTo(g.div(b), as) : null,
                    b.requiresGrad ? sumTo(g.mul(y).div(b).neg(), bs) : null
                  },
              a,
              b);
      // d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·ln a (NaN for a < 0, as in every framework)
      case POW ->
          record(
              y,
              name,
              g ->
                  new Tensor[] {
                    a.requiresGrad ? sumTo(g.mul(b).mul(a.pow(b.sub(1f))), as) : null,
                    b.requiresGrad ? sumTo(g.mul(y).mul(a.log()), bs) : null
                  },
              a,
              b);
      // NOTE: on a tie each side gets half the gradient, so the two halves add up to g
      case MAX -> record(y, name, g -> splitExtremum(g, a.gt(b), a.eq(b), b.gt(a), as, bs), a, b);
      case MIN -> record(y, name, g -> splitExtremum(g, a.lt(b), a.eq(b), b.lt(a), as, bs), a, b);
      case EQ, NE, LT, LE, GT, GE -> y;
    };
  }

  private static Tensor[] splitExtremum(
      Tensor g, Tensor aWins, Tensor tie, Tensor bWins, int[] as, int[] bs) {
    Tensor half = tie.mul(0.5f);
    return new Tensor[] {sumTo(g.mul(aWins.add(half)), as), sumTo(g.mul(bWins.add(half)), bs)};
  }

  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Backend backend = sameBackend("where", cond, a);
    sameBackend("where", a, b);
    int[] shape =
        Shapes.broadcast(
            "where", Shapes.broadcast("where", cond.shapeView(), a.shapeView()), b.shapeView());
    Tensor y = Tensor.empty(backend, shape);
    backend.where(
        shape,
        cond.storage(),
        Shapes.broadcastStrides(cond.shapeView(), shape),
        a.storage(),
        Shapes.broadcastStrides(a.shapeView(), shape),
        b.storage(),
        Shapes.broadcastStrides(b.shapeView(), shape),
        y.storage());
    int[] as = a.shapeView();
    int[] bs = b.shapeView();
    return record(
        y,
        "where",
        g -> {
          Tensor zero = Tensor.scalar(g.backend(), 0f);
          return new Tensor[] {
            null, sumTo(where(cond, g, zero), as), sumTo(where(cond, zero, g), bs)
          };
        },
        cond,
        a,
        b);
  }

  /** Sums a broadcast gradient back down to {@code shape}. */
  static Tensor sumTo(Tensor g, int[] shape) {
    int[] gs = g.shapeView();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    int lead = gs.length - shape.length;
    int[] axes = new int[gs.length];
    int n = 0;
    for (int i = 0; i < gs.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
        axes[n++] = i;
      }
    }
    Tensor summed = reduce(ReduceOp.SUM, g, Arrays.copyOf(axes, n), true);
    return reshape(summed, shape.clone());
  }

  /**
   * {@code act(x + bias)} for {@code x} of {@code [rows, cols]} and {@code bias} of {@code [cols]},
   * through the backend's {@link FusedBiasActivation} where it offers one, else through the
   * composition of core kernels that the capability defines (the same bits). The rule needs only
   * the output: each allowed activation's derivative is a function of its value.
   *
   * <p>This stays a primitive with its own rule, rather than a capability that {@code Dense} calls
   * with a gradient of its own: the rule then lives with the others, here, and any layer (a
   * convolution's bias, a recurrent cell) gets the fused tail and its gradient from one op.
   */
  static Tensor biasActivation(Tensor x, Tensor bias, UnaryOp act, float alpha) {
    Backend backend = sameBackend("biasActivation", x, bias);
    int[] xs = x.shapeView();
    if (xs.length != 2 || bias.rank() != 1 || bias.dim(0) != xs[1]) {
      throw new IllegalArgumentException(
          "biasActivation: needs x [rows, cols] and bias [cols], got "
              + Shapes.str(xs)
              + " and "
              + Shapes.str(bias.shapeView()));
    }
    // the activations whose derivative follows from the output, which the rule below needs
    if (act != null && !FusedActivationGradient.supports(act, alpha)) {
      throw new IllegalArgumentException(
          "biasActivation: activation "
              + act
              + " with alpha "
              + alpha
              + " cannot be fused; use RELU, SIGMOID, TANH, or LEAKY_RELU/ELU with alpha >= 0");
    }
    Tensor y = Tensor.empty(backend, xs);
    Optional<FusedBiasActivation> fused = backend.capability(FusedBiasActivation.class);
    if (fused.isPresent()) {
      fused
          .get()
          .biasActivation(act, alpha, x.storage(), bias.storage(), xs[0], xs[1], y.storage());
    } else {
      backend.binary(
          BinaryOp.ADD,
          new int[] {xs[0], xs[1]},
          x.storage(),
          new int[] {xs[1], 1},
          bias.storage(),
          new int[] {0, 1},
          y.storage());
      if (act != null) {
        backend.unary(act, alpha, y.storage(), y.storage(), y.size());
      }
    }
    return record(
        y,
        "biasActivation",
        g -> {
          Tensor gz = act == null ? g : throughActivation(g, act, alpha, y);
          return new Tensor[] {
            gz, bias.requiresGrad ? reduce(ReduceOp.SUM, gz, ZERO, false) : null
          };
        },
        x,
        bias);
  }

  private static final int[] ZERO = {0};

  /**
   * {@code g·act'(z)} from {@code y = act(z)} (RELU, SIGMOID, TANH, or LEAKY_RELU or ELU with
   * {@code alpha >= 0}): in one pass through the backend's {@link FusedActivationGradient} where it
   * offers one and no graph of the gradient is being recorded; else in tensor ops, the composition
   * that capability defines (the same bits), which a graph of the gradient can differentiate again.
   */
  private static Tensor throughActivation(Tensor g, UnaryOp act, float alpha, Tensor y) {
    if (!Autograd.isRecording() && Arrays.equals(g.shapeView(), y.shapeView())) {
      Optional<FusedActivationGradient> fused =
          y.backend().capability(FusedActivationGradient.class);
      if (fused.isPresent()) {
        Tensor out = Tensor.empty(y.backend(), y.shapeView());
        fused
            .get()
            .activationGradient(act, alpha, y.storage(), g.storage(), out.storage(), y.size());
        return out;
      }
    }
    return g.mul(derivativeFromOutput(act, alpha, y));
  }

  /**
   * The derivative of LEAKY_RELU or ELU with a negative {@code alpha}, where the sign of the output
   * no longer tells the sign of the input: {@code x > 0} picks the slope 1.
   */
  private static Tensor negativeSlopeDerivative(UnaryOp act, float alpha, Tensor x, Tensor y) {
    // NOTE: slope·(1 - step) + step is 1 for x > 0 and the slope elsewhere
    return act == UnaryOp.LEAKY_RELU
        ? step(x).mul(1f - alpha).add(alpha)
        : where(step(x), one(x), y.add(alpha));
  }

  /** {@code act'(z)} written with {@code y = act(z)}; valid for the activations fusion allows. */
  private static Tensor derivativeFromOutput(UnaryOp act, float alpha, Tensor y) {
    return switch (act) {
      // NOTE: with alpha >= 0, y > 0 exactly where z > 0
      case RELU -> step(y);
      case LEAKY_RELU -> step(y).mul(1f - alpha).add(alpha);
      case ELU -> where(step(y), one(y), y.add(alpha));
      case SIGMOID -> y.mul(y.neg().add(1f));
      case TANH -> y.square().neg().add(1f);
      default -> throw new IllegalStateException("no fused derivative for " + act);
    };
  }

  // ------------------------------------------------------------------ reductions

  static Tensor reduce(ReduceOp op, Tensor x, int[] requestedAxes, boolean keepDims) {
    String name = opName(op);
    int[] shape = x.shapeView();
    int[] axes = Shapes.axes(name, requestedAxes, shape.length);
    int[] kept = shape.clone();
    for (int a : axes) {
      kept[a] = 1;
      if (shape[a] == 0 && op != ReduceOp.SUM) {
        throw new IllegalArgumentException(
            name
                + ": cannot reduce the empty axis "
                + a
                + " of shape "
                + Shapes.str(shape)
                + " (a "
                + name
                + " of nothing is undefined)");
      }
    }
    int[] outShape = keepDims ? kept : Reductions.dropAxes(shape, axes);
    Tensor result = Reductions.reduceAxes(op, x, axes, outShape);
    int[] xs = shape;
    return switch (op) {
      case SUM -> record(result, name, g -> new Tensor[] {expand(reshape(g, kept), xs)}, x);
      case MAX, MIN ->
          record(
              result,
              name,
              g -> {
                Tensor mask = x.eq(reshape(result, kept));
                Tensor share = mask.div(reduce(ReduceOp.SUM, mask, axes, true));
                return new Tensor[] {reshape(g, kept).mul(share)};
              },
              x);
    };
  }

  static Tensor argReduce(ReduceOp op, Tensor x, int axis, boolean keepDims) {
    String name = op == ReduceOp.MAX ? "argmax" : "argmin";
    int[] shape = x.shapeView();
    int a = Shapes.axis(name, axis, shape.length);
    if (shape[a] == 0) {
      throw new IllegalArgumentException(
          name + ": axis " + axis + " of shape " + Shapes.str(shape) + " is empty");
    }
    int[] kept = shape.clone();
    kept[a] = 1;
    Tensor y =
        Tensor.empty(x.backend(), keepDims ? kept : Reductions.dropAxes(shape, new int[] {a}));
    x.backend()
        .argReduce(
            op,
            x.storage(),
            Shapes.product(shape, 0, a),
            shape[a],
            Shapes.product(shape, a + 1, shape.length),
            y.storage());
    return y;
  }

  static Tensor softmax(Tensor x, int axis, boolean log) {
    String name = log ? "logSoftmax" : "softmax";
    int[] shape = x.shapeView();
    int a = Shapes.axis(name, axis, shape.length);
    if (a != shape.length - 1) {
      // the kernel works on rows; move the axis last and back (both differentiable)
      int last = shape.length - 1;
      return TensorScope.composite(() -> softmax(x.transpose(a, last), -1, log).transpose(a, last));
    }
    int cols = shape[a];
    Tensor y = Tensor.empty(x.backend(), shape);
    x.backend().softmax(log, x.storage(), x.size() / Math.max(1, cols), cols, y.storage());
    if (log) {
      return record(y, name, g -> new Tensor[] {g.sub(y.exp().mul(g.sum(true, -1)))}, x);
    }
    return record(y, name, g -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(true, -1)))}, x);
  }

  // ------------------------------------------------------------------ linear algebra

  static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    Backend backend = sameBackend("matmul", a, b);
    MatmulPlan plan = MatmulPlan.of(a, b, transA, transB);
    return TensorScope.composite(
        () -> {
          Tensor left = plan.expandLeft(a);
          Tensor right = plan.expandRight(b);
          Tensor y = Tensor.empty(backend, plan.outShape());
          backend.matmul(plan.spec(), left.storage(), right.storage(), y.storage());
          // the broadcast copies are differentiable ops themselves: record against them
          return recordMatmul(y, left, right, transA, transB);
        });
  }

  private static Tensor recordMatmul(Tensor y, Tensor a, Tensor b, boolean transA, boolean transB) {
    int[] as = a.shapeView();
    int[] bs = b.shapeView();
    return record(
        y,
        "matmul",
        g ->
            new Tensor[] {
              a.requiresGrad
                  ? sumTo(transA ? matmul(b, g, transB, true) : matmul(g, b, false, !transB), as)
                  : null,
              b.requiresGrad
                  ? sumTo(transB ? matmul(g, a, true, transA) : matmul(a, g, !transA, false), bs)
                  : null
            },
        a,
        b);
  }

  // ------------------------------------------------------------------ movement

  static Tensor reshape(Tensor x, int[] shape) {
    x.checkOpen();
    // a new tensor on the same storage, so that closing it never frees the caller's
    x.buffer().retain();
    Tensor y = new Tensor(x.buffer(), shape);
    int[] xs = x.shapeView();
    return record(y, "reshape", g -> new Tensor[] {reshape(g, xs)}, x);
  }

  static Tensor permute(Tensor x, int[] requestedOrder) {
    int[] shape = x.shapeView();
    int[] order = Movement.normalizePermutation(requestedOrder, shape.length);
    int[] inverse = Movement.inverse(order);
    int[] strides = Shapes.strides(shape);
    int[] outShape = new int[shape.length];
    int[] srcStrides = new int[shape.length];
    for (int i = 0; i < order.length; i++) {
      outShape[i] = shape[order[i]];
      srcStrides[i] = strides[order[i]];
    }
    Tensor y = Tensor.empty(x.backend(), outShape);
    x.backend()
        .copy(outShape, x.storage(), 0, srcStrides, y.storage(), 0, Shapes.strides(outShape));
    return record(y, "permute", g -> new Tensor[] {permute(g, inverse)}, x);
  }

  static Tensor expand(Tensor x, int[] target) {
    int[] shape = x.shapeView();
    int[] out = Shapes.broadcast("broadcastTo", shape, target);
    if (!Arrays.equals(out, target)) {
      throw new IllegalArgumentException(
          "broadcastTo: shape "
              + Shapes.str(shape)
              + " cannot be broadcast to "
              + Shapes.str(target));
    }
    if (Arrays.equals(shape, target)) {
      return reshape(x, target.clone());
    }
    Tensor y = Tensor.empty(x.backend(), target);
    x.backend()
        .copy(
            target,
            x.storage(),
            0,
            Shapes.broadcastStrides(shape, target),
            y.storage(),
            0,
            Shapes.strides(target));
    return record(y, "broadcastTo", g -> new Tensor[] {sumTo(g, shape)}, x);
  }

  static Tensor slice(Tensor x, int axis, int start, int end) {
    int[] shape = x.shapeView();
    int a = Shapes.axis("slice", axis, shape.length);
    if (start < 0 || end < start || end > shape[a]) {
      throw new IllegalArgumentException(
          "slice: range ["
              + start
              + ", "
              + end
              + ") does not fit axis "
              + axis
              + " of size "
              + shape[a]
              + " (shape "
              + Shapes.str(shape)
              + ")");
    }
    int[] outShape = shape.clone();
    outShape[a] = end - start;
    int[] strides = Shapes.strides(shape);
    Tensor y = Tensor.empty(x.backend(), outShape);
    x.backend()
        .copy(
            outShape,
            x.storage(),
            start * strides[a],
            strides,
            y.storage(),
            0,
            Shapes.strides(outShape));
    return record(y, "slice", g -> new Tensor[] {embed(g, shape, a, start)}, x);
  }

  /** The adjoint of {@link #slice}: {@code part} placed at {@code start} along axis in zeros. */
  static Tensor embed(Tensor part, int[] fullShape, int axis, int start) {
    Tensor y = Tensor.zeros(part.backend(), fullShape);
    int[] strides = Shapes.strides(fullShape);
    int[] partShape = part.shapeView();
    part.backend()
        .copy(
            partShape,
            part.storage(),
            0,
            Shapes.strides(partShape),
            y.storage(),
            start * strides[axis],
            strides);
    int end = start + partShape[axis];
    return record(y, "embed", g -> new Tensor[] {slice(g, axis, start, end)}, part);
  }

  static Tensor concat(List<Tensor> tensors, int axis) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("concat: needs at least one tensor");
    }
    Tensor first = tensors.get(0);
    int a = Shapes.axis("concat", axis, first.rank());
    int[] outShape = first.shape();
    outShape[a] = 0;
    for (Tensor t : tensors) {
      sameBackend("concat", first, t);
      int[] s = t.shapeView();
      boolean fits = s.length == outShape.length;
      for (int i = 0; fits && i < s.length; i++) {
        fits = i == a || s[i] == outShape[i];
      }
      if (!fits) {
        throw new IllegalArgumentException(
            "concat: shape "
                + Shapes.str(s)
                + " does not match "
                + Shapes.str(first.shapeView())
                + " outside axis "
                + axis);
      }
      outShape[a] += s[a];
    }
    Tensor y = Tensor.empty(first.backend(), outShape);
    int[] strides = Shapes.strides(outShape);
    int[] starts = new int[tensors.size()];
    int offset = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      starts[i] = offset;
      int[] s = t.shapeView();
      first
          .backend()
          .copy(s, t.storage(), 0, Shapes.strides(s), y.storage(), offset * strides[a], strides);
      offset += s[a];
    }
    Tensor[] inputs = tensors.toArray(new Tensor[0]);
    return record(
        y,
        "concat",
        g -> {
          Tensor[] grads = new Tensor[inputs.length];
          for (int i = 0; i < inputs.length; i++) {
            grads[i] = slice(g, a, starts[i], starts[i] + inputs[i].dim(a));
          }
          return grads;
        },
        inputs);
  }

  /**
   * The slices of {@code x} along {@code axis}, each without that axis: one op with as many outputs
   * as the axis is long, so that using all of them (the time steps of a sequence) costs one
   * gradient rule, a concatenation, and not one full-size embedding per slice.
   */
  static List<Tensor> unbind(Tensor x, int axis) {
    int[] shape = x.shapeView();
    int a = Shapes.axis("unbind", axis, shape.length);
    int n = shape[a];
    int[] pieceShape = new int[shape.length - 1];
    int[] pieceStrides = new int[shape.length - 1];
    int[] strides = Shapes.strides(shape);
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != a) {
        pieceShape[j] = shape[i];
        pieceStrides[j++] = strides[i];
      }
    }
    int[] dense = Shapes.strides(pieceShape);
    Tensor[] pieces = new Tensor[n];
    for (int i = 0; i < n; i++) {
      pieces[i] = Tensor.empty(x.backend(), pieceShape);
      x.backend()
          .copy(
              pieceShape, x.storage(), i * strides[a], pieceStrides, pieces[i].storage(), 0, dense);
    }
    if (Autograd.isRecording() && x.requiresGrad && n > 0) {
      Tensor[] inputs = {x};
      Node.Group group =
          new Node.Group(
              n,
              grads -> {
                List<Tensor> parts = new java.util.ArrayList<>(n);
                for (Tensor g : grads) {
                  Tensor piece = g != null ? g : Tensor.zeros(x.backend(), pieceShape);
                  parts.add(reshape(piece, unsqueezed(pieceShape, a)));
                }
                return new Tensor[] {concat(parts, a)};
              });
      for (int i = 0; i < n; i++) {
        pieces[i].requiresGrad = true;
        pieces[i].gradFn = new Node("unbind", inputs, group, i);
      }
    }
    return List.of(pieces);
  }

  private static int[] unsqueezed(int[] shape, int axis) {
    int[] s = new int[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == axis ? 1 : shape[j++];
    }
    return s;
  }

  static Tensor transfer(Tensor x, Backend target) {
    float[] values = x.toArray();
    Tensor y = Tensor.of(target, values, x.shape());
    Backend source = x.backend();
    return record(y, "to", g -> new Tensor[] {transfer(g, source)}, x);
  }

  // ------------------------------------------------------------------ indexing

  static Tensor indexSelect(Tensor x, int axis, Tensor indices) {
    sameBackend("indexSelect", x, indices);
    int[] shape = x.shapeView();
    int a = Shapes.axis("indexSelect", axis, shape.length);
    Indexing.checkIndexVector("indexSelect", indices, shape[a]);
    return gather(x, a, indices);
  }

  /**
   * {@link #indexSelect} once the arguments are known to be valid (axis normalised, indices in
   * range). Gradient rules call this directly: their indices were checked on the forward pass, and
   * checking again would download them to the host once more on every backward pass.
   */
  private static Tensor gather(Tensor x, int a, Tensor indices) {
    int[] shape = x.shapeView();
    int[] outShape = shape.clone();
    outShape[a] = indices.size();
    Tensor y = Tensor.empty(x.backend(), outShape);
    x.backend()
        .indexSelect(
            x.storage(),
            Shapes.product(shape, 0, a),
            shape[a],
            Shapes.product(shape, a + 1, shape.length),
            indices.storage(),
            indices.size(),
            y.storage());
    return record(
        y,
        "indexSelect",
        g -> new Tensor[] {scatterAdd(Tensor.zeros(g.backend(), shape), a, indices, g), null},
        x,
        indices);
  }

  static Tensor indexAdd(Tensor base, int axis, Tensor indices, Tensor source) {
    sameBackend("indexAdd", base, indices);
    sameBackend("indexAdd", base, source);
    int[] shape = base.shapeView();
    int a = Shapes.axis("indexAdd", axis, shape.length);
    Indexing.checkIndexVector("indexAdd", indices, shape[a]);
    int[] expected = shape.clone();
    expected[a] = indices.size();
    if (!Arrays.equals(expected, source.shapeView())) {
      throw new IllegalArgumentException(
          "indexAdd: source has shape "
              + Shapes.str(source.shapeView())
              + " but "
              + Shapes.str(expected)
              + " was expected (base "
              + Shapes.str(shape)
              + " with "
              + indices.size()
              + " indices along axis "
              + axis
              + ")");
    }
    return scatterAdd(base, a, indices, source);
  }

  /** {@link #indexAdd} once the arguments are known to be valid; see {@link #gather}. */
  private static Tensor scatterAdd(Tensor base, int a, Tensor indices, Tensor source) {
    int[] shape = base.shapeView();
    Tensor y = Tensor.empty(base.backend(), shape);
    int[] strides = Shapes.strides(shape);
    base.backend().copy(shape, base.storage(), 0, strides, y.storage(), 0, strides);
    base.backend()
        .indexAdd(
            source.storage(),
            Shapes.product(shape, 0, a),
            indices.size(),
            Shapes.product(shape, a + 1, shape.length),
            indices.storage(),
            y.storage(),
            shape[a]);
    return record(
        y,
        "indexAdd",
        g -> new Tensor[] {g, null, source.requiresGrad ? gather(g, a, indices) : null},
        base,
        indices,
        source);
  }

  // ------------------------------------------------------------------ convolution and pooling

  static Tensor im2col(Tensor x, ConvolutionGeometry geometry) {
    Convolutions.checkInput("im2col", x, geometry);
    Tensor cols =
        Tensor.empty(
            x.backend(),
            new int[] {geometry.batch(), geometry.columnRows(), geometry.columnCols()});
    x.backend().im2col(geometry, x.storage(), cols.storage());
    return record(cols, "im2col", g -> new Tensor[] {col2im(g, geometry)}, x);
  }

  static Tensor col2im(Tensor cols, ConvolutionGeometry geometry) {
    Tensor x =
        Tensor.empty(
            cols.backend(),
            new int[] {geometry.batch(), geometry.channels(), geometry.height(), geometry.width()});
    cols.backend().col2im(geometry, cols.storage(), x.storage());
    return record(x, "col2im", g -> new Tensor[] {im2col(g, geometry)}, cols);
  }

  static Tensor pool2d(PoolOp op, Tensor x, ConvolutionGeometry geometry) {
    Tensor y =
        Tensor.empty(
            x.backend(),
            new int[] {
              geometry.batch(), geometry.channels(), geometry.outHeight(), geometry.outWidth()
            });
    x.backend().pool2d(op, geometry, x.storage(), y.storage());
    String name = op == PoolOp.MAX ? "maxPool2d" : "avgPool2d";
    return record(y, name, g -> new Tensor[] {pool2dBackward(op, x, g, geometry)}, x);
  }

  static Tensor pool2dBackward(PoolOp op, Tensor x, Tensor gradOut, ConvolutionGeometry geometry) {
    Tensor gradIn = Tensor.empty(x.backend(), x.shapeView());
    x.backend().pool2dBackward(op, geometry, x.storage(), gradOut.storage(), gradIn.storage());
    if (op == PoolOp.AVG) {
      // linear in gradOut and independent of x: the adjoint is average pooling again
      return record(
          gradIn,
          "avgPool2dBackward",
          gg -> new Tensor[] {null, pool2d(PoolOp.AVG, gg, geometry)},
          x,
          gradOut);
    }
    return record(
        gradIn,
        "maxPool2dBackward",
        gg -> {
          throw new UnsupportedOperationException(
              "second derivatives through max pooling are not supported; use average pooling or"
                  + " differentiate once (createGraph=false)");
        },
        x,
        gradOut);
  }
}
