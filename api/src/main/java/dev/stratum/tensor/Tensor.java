package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.List;

/**
 * An N-dimensional float32 array, row-major and contiguous, owned by one {@link Backend}, with
 * reverse-mode automatic differentiation.
 *
 * <p>Operations are methods and return new tensors: {@code x.matmul(w).add(b).relu()}. Binary
 * operations broadcast as NumPy does. When recording is on (see {@link Autograd#noGrad()}) and an
 * input {@link #requiresGrad() requires a gradient}, the result remembers how it was made, and
 * {@link #backward()} fills the {@link #grad()} of every leaf it depends on.
 *
 * <p>Tensors hold backend memory: close them, or create them inside a {@link TensorScope}. Every
 * argument is checked before a kernel runs; a mistake gets an {@link IllegalArgumentException}
 * naming the op, the shapes and what was expected.
 */
public final class Tensor implements AutoCloseable {

  private static final Cleaner CLEANER = Cleaner.create();

  private final Buffer buffer;
  private final int[] shape;
  private final int size;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean closed;

  TensorScope owner;
  boolean requiresGrad;
  Node gradFn;
  Tensor grad;

  /** Wraps a buffer this tensor now holds one reference to. */
  Tensor(Buffer buffer, int[] shape) {
    this.buffer = buffer;
    this.shape = shape;
    this.size = Shapes.size(shape);
    this.cleanable = CLEANER.register(this, new ReleaseBuffer(buffer));
    TensorScope.register(this);
  }

  /** The Cleaner's action: must not refer to the tensor itself. */
  private record ReleaseBuffer(Buffer buffer) implements Runnable {
    @Override
    public void run() {
      buffer.release();
    }
  }

  // ------------------------------------------------------------------ creation

  /** A tensor with unspecified contents. */
  static Tensor empty(Backend backend, int[] shape) {
    int size = Shapes.size(shape);
    return new Tensor(new Buffer(backend, backend.allocate(size)), shape.clone());
  }

  /** A tensor holding {@code data} (copied) with the given shape. */
  public static Tensor of(Backend backend, float[] data, int... shape) {
    int size = Shapes.size(shape);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "of: "
              + data.length
              + " values cannot fill shape "
              + Arrays.toString(shape)
              + " ("
              + size
              + " elements)");
    }
    Tensor t = empty(backend, shape);
    try {
      backend.upload(data, 0, t.storage(), 0, size);
    } catch (RuntimeException | Error e) {
      t.close(); // a failed upload must not leave the storage to the Cleaner
      throw e;
    }
    return t;
  }

  /** {@link #of(Backend, float[], int...)} on the default backend. */
  public static Tensor of(float[] data, int... shape) {
    return of(Backends.get(), data, shape);
  }

  /** A one-dimensional tensor holding {@code data}. */
  public static Tensor vector(Backend backend, float... data) {
    return of(backend, data, data.length);
  }

  /** A rank-0 tensor holding one value. */
  public static Tensor scalar(Backend backend, float value) {
    return full(backend, value);
  }

  public static Tensor full(Backend backend, float value, int... shape) {
    Tensor t = empty(backend, shape);
    backend.fill(t.storage(), 0, t.size, value);
    return t;
  }

  public static Tensor zeros(Backend backend, int... shape) {
    return full(backend, 0f, shape);
  }

  public static Tensor ones(Backend backend, int... shape) {
    return full(backend, 1f, shape);
  }

  public static Tensor zeros(int... shape) {
    return zeros(Backends.get(), shape);
  }

  public static Tensor ones(int... shape) {
    return ones(Backends.get(), shape);
  }

  /** {@code [start, start + step, ...]} up to but excluding {@code end}. */
  public static Tensor arange(Backend backend, float start, float end, float step) {
    if (step == 0 || Float.isNaN(step) || Float.isNaN(start) || Float.isNaN(end)) {
      throw new IllegalArgumentException(
          "arange: start "
              + start
              + ", end "
              + end
              + " and step "
              + step
              + " must be numbers and the step non-zero");
    }
    int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = start + i * step;
    }
    return of(backend, values, n);
  }

  /** {@code [0, 1, ..., n - 1]}. */
  public static Tensor arange(Backend backend, int n) {
    return arange(backend, 0, n, 1);
  }

  /** Uniform in [low, high) from Philox stream 0 of {@code seed}; see {@link Generator}. */
  public static Tensor uniform(Backend backend, long seed, float low, float high, int... shape) {
    return new Generator(seed).uniform(backend, low, high, shape);
  }

  /** Normal with the given mean and deviation from Philox stream 0 of {@code seed}. */
  public static Tensor normal(Backend backend, long seed, float mean, float std, int... shape) {
    return new Generator(seed).normal(backend, mean, std, shape);
  }

  /** 1 with probability {@code p}, else 0, from Philox stream 0 of {@code seed}. */
  public static Tensor bernoulli(Backend backend, long seed, float p, int... shape) {
    return new Generator(seed).bernoulli(backend, p, shape);
  }

  /**
   * One-hot rows: for class indices of shape {@code S}, a tensor of shape {@code S + [classes]}.
   * Indices must be whole numbers in {@code [0, classes)}.
   */
  public static Tensor oneHot(Tensor indices, int classes) {
    Indexing.checkIndices("oneHot", indices, classes);
    try (NoGrad ignored = Autograd.noGrad();
        Tensor range = arange(indices.backend(), classes);
        Tensor column = indices.unsqueeze(indices.rank())) {
      return column.eq(range);
    }
  }

  /** Joins tensors along an existing axis; all other dimensions must agree. */
  public static Tensor concat(List<Tensor> tensors, int axis) {
    return Primitives.concat(tensors, axis);
  }

  /** Stacks equally shaped tensors along a new axis. */
  public static Tensor stack(List<Tensor> tensors, int axis) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    int rank = tensors.get(0).rank();
    int a = Shapes.axis("stack", axis, rank + 1);
    for (Tensor t : tensors) {
      if (!Arrays.equals(t.shape, tensors.get(0).shape)) {
        throw new IllegalArgumentException(
            "stack: all shapes must be equal, got "
                + Shapes.str(tensors.get(0).shape)
                + " and "
                + Shapes.str(t.shape));
      }
    }
    return TensorScope.composite(
        () -> {
          Tensor[] expanded = new Tensor[tensors.size()];
          for (int i = 0; i < expanded.length; i++) {
            expanded[i] = tensors.get(i).unsqueeze(a);
          }
          return concat(List.of(expanded), a);
        });
  }

  /** {@code where(cond, a, b)}: a where cond is non-zero, else b, broadcasting all three. */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return Primitives.where(condition, a, b);
  }

  // ------------------------------------------------------------------ properties

  public Backend backend() {
    return buffer.backend;
  }

  Storage storage() {
    checkOpen();
    return buffer.storage;
  }

  Buffer buffer() {
    return buffer;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  int[] shapeView() {
    return shape;
  }

  /** The size of one dimension; negative axes count from the end. */
  public int dim(int axis) {
    return shape[Shapes.axis("dim", axis, shape.length)];
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return size;
  }

  /** Downloads the elements, row-major. */
  public float[] toArray() {
    float[] out = new float[size];
    backend().download(storage(), 0, out, 0, size);
    return out;
  }

  /** The single value of a one-element tensor. */
  public float item() {
    if (size != 1) {
      throw new IllegalStateException(
          "item: the tensor has shape "
              + Shapes.str(shape)
              + " ("
              + size
              + " elements); item() needs exactly one");
    }
    return toArray()[0];
  }

  /** A copy on {@code target}; gradients flow back to this tensor's backend. */
  public Tensor to(Backend target) {
    return Primitives.transfer(this, target);
  }

  // ------------------------------------------------------------------ autograd

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks a leaf tensor as a variable whose gradient {@link #backward()} should fill. */
  public Tensor requiresGrad(boolean value) {
    if (gradFn != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaf tensors can be marked; this one was made by '"
              + gradFn.op
              + "' (use detach() to get a leaf)");
    }
    requiresGrad = value;
    return this;
  }

  /** The accumulated gradient, or {@code null} before the first backward pass. */
  public Tensor grad() {
    return grad;
  }

  /**
   * Sets this leaf's gradient to a copy of {@code gradient} (PyTorch's {@code x.grad = g}); the
   * next {@link #backward()} adds to it. {@code null} drops it, as {@link #zeroGrad()}. The copy
   * belongs to this tensor, not to any scope, and the caller keeps {@code gradient}. Useful to hand
   * an optimizer a gradient computed elsewhere (another process, a clipped or averaged one).
   *
   * @throws IllegalStateException when this tensor is not a leaf that requires a gradient
   * @throws IllegalArgumentException when the shape or the backend differs from this tensor's
   */
  public Tensor setGrad(Tensor gradient) {
    if (gradFn != null || !requiresGrad) {
      throw new IllegalStateException(
          "setGrad: only a leaf that requires a gradient has one; this tensor "
              + (gradFn != null ? "was made by '" + gradFn.op + "'" : "does not require one")
              + " (call requiresGrad(true) on a leaf first)");
    }
    if (gradient == null) {
      zeroGrad();
      return this;
    }
    if (!Arrays.equals(shape, gradient.shape)) {
      throw new IllegalArgumentException(
          "setGrad: gradient shape "
              + Shapes.str(gradient.shape)
              + " differs from the tensor's shape "
              + Shapes.str(shape));
    }
    Primitives.sameBackend("setGrad", this, gradient);
    Tensor copy = Tensor.empty(backend(), shape);
    TensorScope.disown(copy);
    try (NoGrad ignored = Autograd.noGrad()) {
      copy.copyFrom(gradient);
    }
    zeroGrad();
    grad = copy;
    return this;
  }

  /** Drops the accumulated gradient (closing it). */
  public void zeroGrad() {
    if (grad != null) {
      grad.close();
      grad = null;
    }
  }

  /** True when this tensor was produced by a recorded operation. */
  public boolean hasGradFn() {
    return gradFn != null;
  }

  /** The same values, cut from the graph: a leaf that shares this tensor's storage. */
  public Tensor detach() {
    buffer.retain();
    return new Tensor(buffer, shape.clone());
  }

  /** Back-propagates from this scalar, adding to the {@link #grad()} of every leaf it needs. */
  public void backward() {
    Autograd.backward(this, null);
  }

  /**
   * Back-propagates from a non-scalar output: {@code gradient}, shaped like this tensor, is {@code
   * ∂L/∂this} for some scalar {@code L}, and each leaf's {@link #grad()} grows by {@code ∂L/∂leaf}
   * (a vector-Jacobian product, as PyTorch's {@code y.backward(gradient)}). {@code y.backward(g)}
   * gives the same gradients as {@code y.mul(g).sum().backward()} with {@code g} held constant. A
   * {@code null} gradient means ones and is allowed for one-element outputs only.
   *
   * @throws IllegalArgumentException when {@code gradient}'s shape differs from this tensor's
   */
  public void backward(Tensor gradient) {
    Autograd.backward(this, gradient);
  }

  // ------------------------------------------------------------------ element-wise

  public Tensor add(Tensor other) {
    return Primitives.binary(BinaryOp.ADD, this, other);
  }

  public Tensor sub(Tensor other) {
    return Primitives.binary(BinaryOp.SUB, this, other);
  }

  public Tensor mul(Tensor other) {
    return Primitives.binary(BinaryOp.MUL, this, other);
  }

  public Tensor div(Tensor other) {
    return Primitives.binary(BinaryOp.DIV, this, other);
  }

  public Tensor pow(Tensor exponent) {
    return Primitives.binary(BinaryOp.POW, this, exponent);
  }

  /** Element-wise larger value (NaN if either is NaN). */
  public Tensor maximum(Tensor other) {
    return Primitives.binary(BinaryOp.MAX, this, other);
  }

  /** Element-wise smaller value (NaN if either is NaN). */
  public Tensor minimum(Tensor other) {
    return Primitives.binary(BinaryOp.MIN, this, other);
  }

  public Tensor add(float value) {
    return withScalar(BinaryOp.ADD, value);
  }

  public Tensor sub(float value) {
    return withScalar(BinaryOp.SUB, value);
  }

  public Tensor mul(float value) {
    return withScalar(BinaryOp.MUL, value);
  }

  public Tensor div(float value) {
    return withScalar(BinaryOp.DIV, value);
  }

  public Tensor pow(float exponent) {
    return withScalar(BinaryOp.POW, exponent);
  }

  public Tensor maximum(float value) {
    return withScalar(BinaryOp.MAX, value);
  }

  public Tensor minimum(float value) {
    return withScalar(BinaryOp.MIN, value);
  }

  /** Limits every element to {@code [low, high]}. */
  public Tensor clamp(float low, float high) {
    if (!(low <= high)) {
      throw new IllegalArgumentException("clamp: low " + low + " must not exceed high " + high);
    }
    return TensorScope.composite(() -> maximum(low).minimum(high));
  }

  public Tensor eq(Tensor other) {
    return Primitives.binary(BinaryOp.EQ, this, other);
  }

  public Tensor ne(Tensor other) {
    return Primitives.binary(BinaryOp.NE, this, other);
  }

  public Tensor lt(Tensor other) {
    return Primitives.binary(BinaryOp.LT, this, other);
  }

  public Tensor le(Tensor other) {
    return Primitives.binary(BinaryOp.LE, this, other);
  }

  public Tensor gt(Tensor other) {
    return Primitives.binary(BinaryOp.GT, this, other);
  }

  public Tensor ge(Tensor other) {
    return Primitives.binary(BinaryOp.GE, this, other);
  }

  public Tensor eq(float value) {
    return withScalar(BinaryOp.EQ, value);
  }

  public Tensor gt(float value) {
    return withScalar(BinaryOp.GT, value);
  }

  public Tensor lt(float value) {
    return withScalar(BinaryOp.LT, value);
  }

  private Tensor withScalar(BinaryOp op, float value) {
    return TensorScope.composite(() -> Primitives.binary(op, this, scalar(backend(), value)));
  }

  public Tensor neg() {
    return Primitives.unary(UnaryOp.NEG, 0f, this);
  }

  public Tensor exp() {
    return Primitives.unary(UnaryOp.EXP, 0f, this);
  }

  public Tensor log() {
    return Primitives.unary(UnaryOp.LOG, 0f, this);
  }

  public Tensor sqrt() {
    return Primitives.unary(UnaryOp.SQRT, 0f, this);
  }

  public Tensor abs() {
    return Primitives.unary(UnaryOp.ABS, 0f, this);
  }

  public Tensor sign() {
    return Primitives.unary(UnaryOp.SIGN, 0f, this);
  }

  public Tensor reciprocal() {
    return Primitives.unary(UnaryOp.RECIPROCAL, 0f, this);
  }

  public Tensor square() {
    return Primitives.unary(UnaryOp.SQUARE, 0f, this);
  }

  public Tensor relu() {
    return Primitives.unary(UnaryOp.RELU, 0f, this);
  }

  /** {@code x > 0 ? x : slope * x}. */
  public Tensor leakyRelu(float slope) {
    return Primitives.unary(UnaryOp.LEAKY_RELU, slope, this);
  }

  /** {@code x > 0 ? x : alpha * (e^x - 1)}. */
  public Tensor elu(float alpha) {
    return Primitives.unary(UnaryOp.ELU, alpha, this);
  }

  public Tensor sigmoid() {
    return Primitives.unary(UnaryOp.SIGMOID, 0f, this);
  }

  public Tensor tanh() {
    return Primitives.unary(UnaryOp.TANH, 0f, this);
  }

  public Tensor softplus() {
    return Primitives.unary(UnaryOp.SOFTPLUS, 0f, this);
  }

  /**
   * GELU in its tanh form, {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} (PyTorch's {@code
   * approximate="tanh"}, Keras's {@code approximate=True}; within 1e-3 of the exact {@code x·Φ(x)},
   * which is {@link #geluExact()}). PyTorch's default is the exact form, Keras's too. A composite
   * of primitives, so it differentiates to any order.
   */
  public Tensor gelu() {
    return TensorScope.composite(
        () -> {
          Tensor inner = square().mul(this).mul(0.044715f).add(this).mul(GELU_SCALE);
          return inner.tanh().add(1f).mul(0.5f).mul(this);
        });
  }

  /**
   * GELU in its exact form, {@code x·Φ(x) = 0.5·x·(1 + erf(x/√2))} (PyTorch's default {@code
   * approximate="none"}), through {@link #erf()}: within 2e-7·|x| of the exact value. A composite,
   * so it differentiates to any order.
   */
  public Tensor geluExact() {
    return TensorScope.composite(() -> mul(INV_SQRT2).erf().add(1f).mul(0.5f).mul(this));
  }

  private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

  /**
   * The error function {@code erf(x) = 2/√π ∫₀ˣ e^(-t²) dt}, within about 2e-7 absolute of the
   * exact value (a series near 0, Abramowitz and Stegun's 7.1.26 elsewhere; see {@code
   * Primitives.erf}); its gradient is the exact {@code 2/√π·e^(-x²)}.
   */
  public Tensor erf() {
    return Primitives.erf(this);
  }

  private static final float GELU_SCALE = (float) Math.sqrt(2 / Math.PI);

  /**
   * The fused tail of a dense layer: {@code act(this + bias)} for this {@code [rows, cols]} matrix
   * and a {@code bias} of {@code [cols]}, in one kernel where the backend offers {@link
   * dev.stratum.backend.fused.FusedBiasActivation}, else as an addition and the activation. {@code
   * activation} is {@code null} (none), {@link UnaryOp#RELU}, {@link UnaryOp#LEAKY_RELU} or {@link
   * UnaryOp#ELU} (with {@code alpha >= 0}), {@link UnaryOp#SIGMOID} or {@link UnaryOp#TANH}: the
   * activations whose derivative follows from their output, so the pre-activation need not be kept.
   */
  public Tensor biasActivation(Tensor bias, UnaryOp activation, float alpha) {
    return Primitives.biasActivation(this, bias, activation, alpha);
  }

  // ------------------------------------------------------------------ reductions

  /** Sum over {@code axes} (all axes when none are given). */
  public Tensor sum(boolean keepDims, int... axes) {
    return Primitives.reduce(ReduceOp.SUM, this, axes, keepDims);
  }

  /** Sum of every element, as a rank-0 tensor. */
  public Tensor sum() {
    return sum(false);
  }

  public Tensor max(boolean keepDims, int... axes) {
    return Primitives.reduce(ReduceOp.MAX, this, axes, keepDims);
  }

  public Tensor min(boolean keepDims, int... axes) {
    return Primitives.reduce(ReduceOp.MIN, this, axes, keepDims);
  }

  public Tensor mean(boolean keepDims, int... axes) {
    return Reductions.mean(this, axes, keepDims);
  }

  /** Mean of every element, as a rank-0 tensor. */
  public Tensor mean() {
    return mean(false);
  }

  /**
   * Variance over {@code axes}, dividing by {@code n - correction} (0: population variance, 1:
   * Bessel's correction, as in PyTorch's default).
   */
  public Tensor variance(int correction, boolean keepDims, int... axes) {
    return Reductions.variance(this, axes, correction, keepDims);
  }

  /**
   * {@code log Σ exp(x)} over {@code axes} (all axes when none are given), computed stably as
   * {@code m + log Σ exp(x - m)} with {@code m} the maximum over those axes (taken as 0 where it is
   * infinite, so all {@code -∞} gives {@code -∞} and a {@code +∞} gives {@code +∞}, as in PyTorch).
   * Its gradient is the softmax over those axes. A composite: {@code m} is held constant, which
   * leaves the gradient unchanged (its two paths cancel).
   */
  public Tensor logsumexp(boolean keepDims, int... axes) {
    return TensorScope.composite(
        () -> {
          Tensor m;
          try (NoGrad ignored = Autograd.noGrad()) {
            Tensor max = max(true, axes);
            m = where(max.abs().eq(Float.POSITIVE_INFINITY), scalar(backend(), 0f), max);
          }
          Tensor offset =
              keepDims
                  ? m
                  : m.reshape(Reductions.dropAxes(shape, Shapes.axes("logsumexp", axes, rank())));
          return sub(m).exp().sum(keepDims, axes).log().add(offset);
        });
  }

  /**
   * PyTorch's {@code torch.gather(x, axis, index)}: {@code out[i][j][k] = x[i][index[i][j][k]][k]}
   * for axis 1, and likewise for any axis. {@code index} has this tensor's rank, whole-number
   * values in {@code [0, dim(axis))}, and along every other axis a size no larger than this
   * tensor's; the result has {@code index}'s shape. Its gradient scatters back (adding where an
   * index repeats). Composed of {@link #indexSelect} on the flattened tensor; the indices are
   * checked on the host.
   */
  public Tensor gather(int axis, Tensor index) {
    return Indexing.gather(this, axis, index);
  }

  /** Index of the largest element along {@code axis} (first one on ties). */
  public Tensor argmax(int axis, boolean keepDims) {
    return Primitives.argReduce(ReduceOp.MAX, this, axis, keepDims);
  }

  public Tensor argmin(int axis, boolean keepDims) {
    return Primitives.argReduce(ReduceOp.MIN, this, axis, keepDims);
  }

  /** Numerically stable softmax along {@code axis}. */
  public Tensor softmax(int axis) {
    return Primitives.softmax(this, axis, false);
  }

  /** Numerically stable log-softmax along {@code axis}. */
  public Tensor logSoftmax(int axis) {
    return Primitives.softmax(this, axis, true);
  }

  // ------------------------------------------------------------------ linear algebra

  /**
   * Matrix product over the last two axes, batching over the leading ones (which broadcast). {@code
   * [..., m, k] · [..., k, n] -> [..., m, n]}.
   */
  public Tensor matmul(Tensor other) {
    return Primitives.matmul(this, other, false, false);
  }

  /** Matrix product with either operand's last two axes transposed first. */
  public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
    return Primitives.matmul(this, other, transposeThis, transposeOther);
  }

  // ------------------------------------------------------------------ shape

  /** The same elements in a new shape (one dimension may be -1); shares storage. */
  public Tensor reshape(int... newShape) {
    return Primitives.reshape(this, Movement.resolveReshape(shape, newShape));
  }

  /** Collapses everything after the first axis: {@code [N, ...] -> [N, rest]}. */
  public Tensor flatten() {
    return reshape(shape.length == 0 ? 1 : shape[0], -1);
  }

  /** Inserts an axis of size 1 at {@code axis}. */
  public Tensor unsqueeze(int axis) {
    int a = Shapes.axis("unsqueeze", axis, shape.length + 1);
    int[] s = new int[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == a ? 1 : shape[j++];
    }
    return Primitives.reshape(this, s);
  }

  /** Removes an axis of size 1. */
  public Tensor squeeze(int axis) {
    int a = Shapes.axis("squeeze", axis, shape.length);
    if (shape[a] != 1) {
      throw new IllegalArgumentException(
          "squeeze: axis "
              + axis
              + " of shape "
              + Shapes.str(shape)
              + " has size "
              + shape[a]
              + ", not 1");
    }
    int[] s = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != a) {
        s[j++] = shape[i];
      }
    }
    return Primitives.reshape(this, s);
  }

  /** Reorders the axes: result axis {@code i} is this tensor's axis {@code order[i]}. */
  public Tensor permute(int... order) {
    return Primitives.permute(this, order);
  }

  /** Swaps two axes. */
  public Tensor transpose(int axis0, int axis1) {
    int a = Shapes.axis("transpose", axis0, shape.length);
    int b = Shapes.axis("transpose", axis1, shape.length);
    int[] order = new int[shape.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    order[a] = b;
    order[b] = a;
    return Primitives.permute(this, order);
  }

  /** Transpose of a matrix. */
  public Tensor t() {
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "t: needs a matrix, got shape " + Shapes.str(shape) + "; use transpose(a, b)");
    }
    return transpose(0, 1);
  }

  /** Repeats size-1 axes (and prepends axes) to reach {@code target}, NumPy style. */
  public Tensor broadcastTo(int... target) {
    return Primitives.expand(this, target);
  }

  /** Elements {@code [start, end)} along {@code axis}. */
  public Tensor slice(int axis, int start, int end) {
    return Primitives.slice(this, axis, start, end);
  }

  /**
   * The slices along {@code axis}, each without that axis ({@code [B, T, F]} along 1 gives {@code
   * T} tensors of {@code [B, F]}): one op with many outputs, whose gradient is one concatenation
   * however many slices are used, where {@code T} calls of {@link #slice} would each embed their
   * gradient in a full-size tensor.
   */
  public List<Tensor> unbind(int axis) {
    return Primitives.unbind(this, axis);
  }

  /** Selects entries along {@code axis} by a one-dimensional tensor of whole-number indices. */
  public Tensor indexSelect(int axis, Tensor indices) {
    return Primitives.indexSelect(this, axis, indices);
  }

  /** A copy of this tensor with {@code source} added at {@code indices} along {@code axis}. */
  public Tensor indexAdd(int axis, Tensor indices, Tensor source) {
    return Primitives.indexAdd(this, axis, indices, source);
  }

  // ------------------------------------------------------------------ convolution and pooling

  /**
   * 2-D convolution (cross-correlation, as in every framework) of an NCHW input with weights {@code
   * [outChannels, inChannels, kh, kw]}, an optional bias {@code [outChannels]}, square stride and
   * zero padding.
   */
  public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
    return Convolutions.conv2d(this, weight, bias, stride, padding);
  }

  /**
   * 2-D convolution over any window {@code geometry} (rectangular kernel, strides, padding on each
   * side, dilation; its input shape must be this tensor's and its kernel the weight's) with {@code
   * groups} groups: weight {@code [outChannels, inChannels/groups, kh, kw]}, output channel {@code
   * o} seeing input channel group {@code o / (outChannels/groups)}. {@code groups = inChannels} is
   * a depthwise convolution.
   */
  public Tensor conv2d(Tensor weight, Tensor bias, ConvolutionGeometry geometry, int groups) {
    return Convolutions.conv2d(this, weight, bias, geometry, groups);
  }

  /**
   * Transposed 2-D convolution, the adjoint of {@link #conv2d(Tensor, Tensor, ConvolutionGeometry,
   * int)} with respect to its input: {@code geometry} is that convolution's (its input is this op's
   * output shape, its output must be this tensor's height and width); weight {@code [inChannels,
   * outChannels/groups, kh, kw]} as in PyTorch.
   */
  public Tensor convTranspose2d(
      Tensor weight, Tensor bias, ConvolutionGeometry geometry, int groups) {
    return Convolutions.convTranspose2d(this, weight, bias, geometry, groups);
  }

  /**
   * Max pooling over any window {@code geometry} (whose input shape must be this tensor's); taps in
   * padding never win.
   */
  public Tensor maxPool2d(ConvolutionGeometry geometry) {
    return Convolutions.pool2d(PoolOp.MAX, this, geometry);
  }

  /**
   * Average pooling over any window {@code geometry}, dividing by the taps inside the padded input
   * (see {@link ConvolutionGeometry}).
   */
  public Tensor avgPool2d(ConvolutionGeometry geometry) {
    return Convolutions.pool2d(PoolOp.AVG, this, geometry);
  }

  /** Max pooling over square windows of an NCHW input. */
  public Tensor maxPool2d(int kernel, int stride, int padding) {
    return Convolutions.pool2d(PoolOp.MAX, this, kernel, stride, padding);
  }

  /** Average pooling over square windows (padding counted in the divisor). */
  public Tensor avgPool2d(int kernel, int stride, int padding) {
    return Convolutions.pool2d(PoolOp.AVG, this, kernel, stride, padding);
  }

  /** The im2col unfolding of an NCHW input, {@code [N, C·kh·kw, outH·outW]}; differentiable. */
  public Tensor im2col(ConvolutionGeometry geometry) {
    return Primitives.im2col(this, geometry);
  }

  /**
   * The adjoint of {@link #im2col}: folds columns {@code [N, C·kh·kw, outH·outW]} back into an NCHW
   * tensor of the geometry's input shape, summing overlapping windows; differentiable.
   */
  public Tensor col2im(ConvolutionGeometry geometry) {
    return Convolutions.col2im(this, geometry);
  }

  /**
   * Transposed 2-D convolution (the gradient of {@link #conv2d} with respect to its input), with
   * PyTorch's semantics: weight {@code [inChannels, outChannels, kh, kw]}, optional bias {@code
   * [outChannels]}, and output size {@code (in - 1)·stride - 2·padding + k + outputPadding} per
   * axis; {@code outputPadding} must be smaller than the stride.
   */
  public Tensor convTranspose2d(
      Tensor weight, Tensor bias, int stride, int padding, int outputPadding) {
    return Convolutions.convTranspose2d(this, weight, bias, stride, padding, outputPadding);
  }

  /** Nearest-neighbour upsampling of an NCHW input: each pixel becomes a scale × scale block. */
  public Tensor upsampleNearest2d(int scale) {
    return Convolutions.upsampleNearest2d(this, scale);
  }

  // ------------------------------------------------------------------ in-place updates

  /**
   * {@code this += alpha · x}, in place, for optimizers. Not recorded: call it under {@link
   * Autograd#noGrad()} on tensors that are not part of a graph being differentiated.
   */
  public Tensor addScaledInPlace(float alpha, Tensor x) {
    InPlace.check("addScaledInPlace", this, x);
    InPlace.addScaled(backend(), alpha, x.storage(), storage(), size);
    return this;
  }

  /**
   * Runs {@code kernel} on the storages of {@code tensors}, in place: the way an optimizer reaches
   * a fused kernel that its backend offers as a capability ({@link Backend#capability}), such as
   * {@link dev.stratum.backend.fused.FusedAdam}. The tensors live on one backend and have one
   * shape; the kernel gets their storages in the order given, with the element count, and may write
   * any of them. Not recorded, like {@link #addScaledInPlace}.
   *
   * @param op the update's name, for error messages
   * @throws IllegalArgumentException if no tensor is given, or they differ in backend or shape
   */
  public static void updateInPlace(String op, InPlaceKernel kernel, Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException(op + ": updateInPlace needs at least one tensor");
    }
    Storage[] storages = new Storage[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      InPlace.check(op, tensors[i], tensors[0]);
      storages[i] = tensors[i].storage();
    }
    kernel.run(storages, tensors[0].size);
  }

  /** Overwrites this tensor's elements with {@code source}'s (same shape), in place. */
  public Tensor copyFrom(Tensor source) {
    InPlace.check("copyFrom", this, source);
    int[] strides = {1};
    backend().copy(new int[] {size}, source.storage(), 0, strides, storage(), 0, strides);
    return this;
  }

  /** Sets every element to {@code value}, in place. */
  public Tensor fillInPlace(float value) {
    InPlace.check("fillInPlace", this, this);
    backend().fill(storage(), 0, size, value);
    return this;
  }

  /** Multiplies every element by {@code factor}, in place. */
  public Tensor mulInPlace(float factor) {
    InPlace.check("mulInPlace", this, this);
    try (Tensor s = scalar(backend(), factor)) {
      backend()
          .binary(
              BinaryOp.MUL,
              new int[] {size},
              storage(),
              new int[] {1},
              s.storage(),
              new int[] {0},
              storage());
    }
    return this;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Releases this tensor's hold on its storage; idempotent. Also closes its gradient. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cleanable.clean();
      Tensor g = grad;
      grad = null;
      gradFn = null;
      if (g != null) {
        g.close();
      }
    }
  }

  public boolean isClosed() {
    return closed;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "tensor of shape "
              + Shapes.str(shape)
              + " was already closed (by close() or by its"
              + " TensorScope); keep it with scope.keep(tensor) to use it after its scope");
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape));
    sb.append(" on ").append(backend().name());
    if (closed) {
      return sb.append(" (closed)").toString();
    }
    if (size <= 16) {
      sb.append(' ').append(Arrays.toString(toArray()));
    }
    if (requiresGrad) {
      sb.append(gradFn != null ? " grad_fn=" + gradFn.op : " requires_grad");
    }
    return sb.toString();
  }
}
