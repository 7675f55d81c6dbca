package dev.stratum.backend.support;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.Distribution;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend that hands every call to another one: the base of decorators that count, trace, slow
 * down, fail on purpose or hide fused kernels, without writing out the whole SPI again. Override
 * the calls you change; everything else, {@link #capability} included, goes to {@link #delegate()}.
 *
 * <pre>{@code
 * Backend counting = new ForwardingBackend(Backends.get()) {
 *   final AtomicLong uploads = new AtomicLong();
 *   public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
 *     uploads.incrementAndGet();
 *     super.upload(src, srcOffset, dst, dstOffset, count);
 *   }
 * };
 * }</pre>
 *
 * <p>Storages stay the delegate's: a storage allocated through the wrapper is the delegate's own,
 * so the two may be mixed freely.
 */
public class ForwardingBackend implements Backend {

  private final Backend core;

  /**
   * Forwards to {@code core}, which stays owned by the caller: {@link #close()} does not close it.
   */
  public ForwardingBackend(Backend core) {
    this.core = Objects.requireNonNull(core, "core");
  }

  /** The backend every call goes to. */
  protected final Backend delegate() {
    return core;
  }

  @Override
  public String name() {
    return core.name();
  }

  @Override
  public String device() {
    return core.device();
  }

  @Override
  public Storage allocate(int size) {
    return core.allocate(size);
  }

  @Override
  public void release(Storage storage) {
    core.release(storage);
  }

  @Override
  public int liveStorages() {
    return core.liveStorages();
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    core.upload(src, srcOffset, dst, dstOffset, count);
  }

  @Override
  public void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count) {
    core.download(src, srcOffset, dst, dstOffset, count);
  }

  @Override
  public void fill(Storage dst, int offset, int count, float value) {
    core.fill(dst, offset, count, value);
  }

  @Override
  public void copy(
      int[] shape,
      Storage src,
      int srcOffset,
      int[] srcStrides,
      Storage dst,
      int dstOffset,
      int[] dstStrides) {
    core.copy(shape, src, srcOffset, srcStrides, dst, dstOffset, dstStrides);
  }

  @Override
  public void unary(UnaryOp op, float alpha, Storage x, Storage out, int count) {
    core.unary(op, alpha, x, out, count);
  }

  @Override
  public void binary(
      BinaryOp op, int[] shape, Storage a, int[] aStrides, Storage b, int[] bStrides, Storage out) {
    core.binary(op, shape, a, aStrides, b, bStrides, out);
  }

  @Override
  public void where(
      int[] shape,
      Storage cond,
      int[] condStrides,
      Storage a,
      int[] aStrides,
      Storage b,
      int[] bStrides,
      Storage out) {
    core.where(shape, cond, condStrides, a, aStrides, b, bStrides, out);
  }

  @Override
  public void reduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    core.reduce(op, x, outer, extent, inner, out);
  }

  @Override
  public void argReduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    core.argReduce(op, x, outer, extent, inner, out);
  }

  @Override
  public void softmax(boolean log, Storage x, int rows, int cols, Storage out) {
    core.softmax(log, x, rows, cols, out);
  }

  @Override
  public void matmul(MatmulSpec spec, Storage a, Storage b, Storage c) {
    core.matmul(spec, a, b, c);
  }

  @Override
  public void indexSelect(
      Storage src, int outer, int srcExtent, int inner, Storage indices, int count, Storage out) {
    core.indexSelect(src, outer, srcExtent, inner, indices, count, out);
  }

  @Override
  public void indexAdd(
      Storage src, int outer, int count, int inner, Storage indices, Storage out, int outExtent) {
    core.indexAdd(src, outer, count, inner, indices, out, outExtent);
  }

  @Override
  public void im2col(ConvolutionGeometry g, Storage x, Storage cols) {
    core.im2col(g, x, cols);
  }

  @Override
  public void col2im(ConvolutionGeometry g, Storage cols, Storage x) {
    core.col2im(g, cols, x);
  }

  @Override
  public void pool2d(PoolOp op, ConvolutionGeometry g, Storage x, Storage out) {
    core.pool2d(op, g, x, out);
  }

  @Override
  public void pool2dBackward(
      PoolOp op, ConvolutionGeometry g, Storage x, Storage gradOut, Storage gradIn) {
    core.pool2dBackward(op, g, x, gradOut, gradIn);
  }

  @Override
  public void random(
      Distribution distribution,
      float p0,
      float p1,
      long seed,
      long stream,
      Storage out,
      int count) {
    core.random(distribution, p0, p1, seed, stream, out, count);
  }

  /** Does nothing: the wrapped backend belongs to the kit, which closes it. */
  /** Forwards the lookup: the delegate's fused kernels are offered as they are. */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return core.capability(type);
  }

  /** Does nothing: the delegate belongs to the caller. */
  @Override
  public void close() {}
}
