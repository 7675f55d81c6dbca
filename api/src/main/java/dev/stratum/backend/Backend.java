package dev.stratum.backend;

import java.util.Objects;
import java.util.Optional;

/**
 * A device that owns memory and runs kernels on it: the whole contract between Stratum and a
 * backend, in one file. Kernels take storages and plain shape descriptors; they never see tensors
 * or autograd. Shape checking happens once, in the API, before a kernel is called: a kernel may
 * assume its arguments are consistent (sizes fit the storages, indices come from the API).
 *
 * <p>Common rules for every kernel:
 *
 * <ul>
 *   <li>All data is float32, row-major. A count or size of 0 is legal and does nothing.
 *   <li>Strides are in elements. A stride of 0 broadcasts that axis.
 *   <li>The output of an element-wise kernel may be the same storage as an input that is not
 *       broadcast (in-place update). Otherwise outputs never overlap inputs.
 *   <li>A backend may be called from several threads at once on different storages.
 *   <li>A backend that cannot run a kernel throws {@link UnsupportedOperationException} naming the
 *       kernel; the conformance kit reports such cases as unsupported.
 * </ul>
 *
 * <p>The list of core kernels is closed: a backend that implements them all runs every program.
 * Optional fused kernels (bias + activation, axpy, Adam's step, ...) are not methods here: each is
 * an interface of its own in {@link dev.stratum.backend.fused}, offered through {@link
 * #capability(Class)}, and the code that uses one composes it from core kernels where a backend
 * does not offer it, so a new backend works before it is fast.
 */
public interface Backend extends AutoCloseable {

  /** The provider name this backend was created by, such as {@code "vector"}. */
  String name();

  /** A human description of the device: its name, vendor, memory, parallelism. */
  String device();

  // ---------------------------------------------------------------- memory

  /** A new storage of {@code size} elements with unspecified contents. */
  Storage allocate(int size);

  /** Gives a storage back; it must not be used afterwards. Each storage is released once. */
  void release(Storage storage);

  /** Storages allocated and not yet released; leak tests compare it before and after. */
  int liveStorages();

  /**
   * Copies {@code count} floats from host memory into {@code dst} starting at {@code dstOffset}.
   */
  void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count);

  /**
   * Copies {@code count} floats from {@code src} starting at {@code srcOffset} into host memory.
   */
  void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count);

  // ---------------------------------------------------------------- data movement

  /** Sets {@code count} elements of {@code dst}, from {@code offset}, to {@code value}. */
  void fill(Storage dst, int offset, int count, float value);

  /**
   * Strided copy over an index space of the given shape: for every index {@code i}, {@code
   * dst[dstOffset + Σ i_d·dstStrides_d] = src[srcOffset + Σ i_d·srcStrides_d]}. Transpose, permute,
   * slice, broadcast-to and concatenation are all this one kernel. Destination positions are
   * distinct (no zero strides in {@code dstStrides} unless that axis has extent 1).
   */
  void copy(
      int[] shape,
      Storage src,
      int srcOffset,
      int[] srcStrides,
      Storage dst,
      int dstOffset,
      int[] dstStrides);

  // ---------------------------------------------------------------- element-wise

  /** {@code out[i] = op(x[i])} for {@code i < count}; {@code alpha} as {@link UnaryOp} says. */
  void unary(UnaryOp op, float alpha, Storage x, Storage out, int count);

  /**
   * {@code out[i] = op(a[i·aStrides], b[i·bStrides])} over the index space {@code shape}; {@code
   * out} is contiguous with that shape. NumPy broadcasting arrives as zero strides.
   */
  void binary(
      BinaryOp op, int[] shape, Storage a, int[] aStrides, Storage b, int[] bStrides, Storage out);

  /**
   * {@code out[i] = cond[i] != 0 ? a[i] : b[i]} over {@code shape}, each input addressed through
   * its strides as in {@link #binary}; {@code out} is contiguous. A NaN condition counts as true.
   */
  void where(
      int[] shape,
      Storage cond,
      int[] condStrides,
      Storage a,
      int[] aStrides,
      Storage b,
      int[] bStrides,
      Storage out);

  // ---------------------------------------------------------------- reductions

  /**
   * Reduces the middle axis of {@code x} viewed as {@code [outer, extent, inner]} into {@code out}
   * of shape {@code [outer, inner]}. Multi-axis reductions are sequences of this kernel.
   */
  void reduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out);

  /**
   * Index of the maximum ({@link ReduceOp#MAX}) or minimum ({@link ReduceOp#MIN}) along the middle
   * axis of {@code [outer, extent, inner]}, written as a float into {@code out} of shape {@code
   * [outer, inner]}. Ties give the first index; NaN counts as the extreme value (the first NaN
   * wins), as in NumPy. {@code extent >= 1}.
   */
  void argReduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out);

  /**
   * Softmax (or log-softmax when {@code log}) of each row of {@code x} viewed as {@code [rows,
   * cols]}, computed stably (subtracting the row maximum first).
   */
  void softmax(boolean log, Storage x, int rows, int cols, Storage out);

  // ---------------------------------------------------------------- linear algebra

  /** Batched matrix product as {@link MatmulSpec} describes; {@code c} is overwritten. */
  void matmul(MatmulSpec spec, Storage a, Storage b, Storage c);

  // ---------------------------------------------------------------- indexing

  /**
   * Gathers along the middle axis: {@code out[o, i, j] = src[o, indices[i], j]} with {@code src}
   * viewed as {@code [outer, srcExtent, inner]} and {@code out} as {@code [outer, count, inner]}.
   * Indices are whole numbers stored as floats, each in {@code [0, srcExtent)} (checked by the
   * API).
   */
  void indexSelect(
      Storage src, int outer, int srcExtent, int inner, Storage indices, int count, Storage out);

  /**
   * Scatter-add, the adjoint of {@link #indexSelect}: {@code out[o, indices[i], j] += src[o, i, j]}
   * with {@code src} viewed as {@code [outer, count, inner]} and {@code out} as {@code [outer,
   * outExtent, inner]}. Repeated indices accumulate. {@code out} is not cleared.
   */
  void indexAdd(
      Storage src, int outer, int count, int inner, Storage indices, Storage out, int outExtent);

  // ---------------------------------------------------------------- convolution and pooling

  /**
   * Unfolds the windows of {@code x} ({@code [batch, channels, height, width]}) into {@code cols}
   * of shape {@code [batch, channels·kh·kw, outHeight·outWidth]}; row {@code (c·kh + i)·kw + j}
   * holds the input at window offset (i, j) of channel c, zero where the window covers padding.
   */
  void im2col(ConvolutionGeometry g, Storage x, Storage cols);

  /**
   * The adjoint of {@link #im2col}: overwrites {@code x} with the sum, over every window position
   * that covered each input element, of the matching column entries.
   */
  void col2im(ConvolutionGeometry g, Storage cols, Storage x);

  /** Pools each window of {@code x} into {@code out} ({@code [batch, channels, outH, outW]}). */
  void pool2d(PoolOp op, ConvolutionGeometry g, Storage x, Storage out);

  /**
   * Overwrites {@code gradIn} (shaped like {@code x}) with the gradient of {@link #pool2d}: for
   * {@link PoolOp#MAX} each window's gradient goes to the first position holding the window's
   * maximum; for {@link PoolOp#AVG} it is spread evenly over the window (padding included).
   */
  void pool2dBackward(PoolOp op, ConvolutionGeometry g, Storage x, Storage gradOut, Storage gradIn);

  // ---------------------------------------------------------------- random numbers

  /**
   * Fills {@code out[0..count)} with element {@code i} of Philox stream {@code (seed, stream)}
   * transformed to {@code distribution} as {@link dev.stratum.random.Philox} defines it bit for
   * bit.
   */
  void random(
      Distribution distribution,
      float p0,
      float p1,
      long seed,
      long stream,
      Storage out,
      int count);

  // ---------------------------------------------------------------- optional fused kernels

  /**
   * The optional fused kernel {@code type} (an interface of {@link dev.stratum.backend.fused}, such
   * as {@link dev.stratum.backend.fused.FusedAdam}), if this backend offers it; empty by default.
   * Whatever a backend offers must give the same bits as the composition of core kernels that the
   * capability's javadoc defines, so callers may take either path. The answer is fixed for the
   * backend's lifetime and cheap enough to ask on every call; a backend usually keeps a {@link
   * dev.stratum.backend.fused.Capabilities} and answers from it.
   *
   * @throws NullPointerException if {@code type} is null
   */
  default <T> Optional<T> capability(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Optional.empty();
  }

  /** Releases every resource the backend holds; storages are invalid afterwards. */
  @Override
  void close();
}
