package dev.stratum.data;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.Distribution;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend with memory and nothing else, for the data tests of {@code api}, which has no real
 * backend on its test class path. It counts live storages exactly, records which threads uploaded,
 * and can be told to fail an upload.
 */
final class HostBackend implements Backend {

  private final AtomicInteger live = new AtomicInteger();
  final Set<String> uploadThreads = ConcurrentHashMap.newKeySet();
  volatile int failAfterUploads = Integer.MAX_VALUE;
  private final AtomicInteger uploads = new AtomicInteger();

  private record HostStorage(float[] data) implements Storage {
    @Override
    public int size() {
      return data.length;
    }
  }

  @Override
  public String name() {
    return "host-test";
  }

  @Override
  public String device() {
    return "host memory (test)";
  }

  @Override
  public Storage allocate(int size) {
    live.incrementAndGet();
    return new HostStorage(new float[size]);
  }

  @Override
  public void release(Storage storage) {
    live.decrementAndGet();
  }

  @Override
  public int liveStorages() {
    return live.get();
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    if (uploads.incrementAndGet() > failAfterUploads) {
      throw new IllegalStateException("simulated upload failure");
    }
    uploadThreads.add(Thread.currentThread().getName());
    System.arraycopy(src, srcOffset, ((HostStorage) dst).data, dstOffset, count);
  }

  @Override
  public void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count) {
    System.arraycopy(((HostStorage) src).data, srcOffset, dst, dstOffset, count);
  }

  @Override
  public void fill(Storage dst, int offset, int count, float value) {
    java.util.Arrays.fill(((HostStorage) dst).data, offset, offset + count, value);
  }

  private static UnsupportedOperationException unsupported(String kernel) {
    return new UnsupportedOperationException("host-test backend: no kernel '" + kernel + "'");
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
    throw unsupported("copy");
  }

  @Override
  public void unary(UnaryOp op, float alpha, Storage x, Storage out, int count) {
    throw unsupported("unary");
  }

  @Override
  public void binary(
      BinaryOp op, int[] shape, Storage a, int[] aStrides, Storage b, int[] bStrides, Storage out) {
    throw unsupported("binary");
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
    throw unsupported("where");
  }

  @Override
  public void reduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    throw unsupported("reduce");
  }

  @Override
  public void argReduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    throw unsupported("argReduce");
  }

  @Override
  public void softmax(boolean log, Storage x, int rows, int cols, Storage out) {
    throw unsupported("softmax");
  }

  @Override
  public void matmul(MatmulSpec spec, Storage a, Storage b, Storage c) {
    throw unsupported("matmul");
  }

  @Override
  public void indexSelect(
      Storage src, int outer, int srcExtent, int inner, Storage indices, int count, Storage out) {
    throw unsupported("indexSelect");
  }

  @Override
  public void indexAdd(
      Storage src, int outer, int count, int inner, Storage indices, Storage out, int outExtent) {
    throw unsupported("indexAdd");
  }

  @Override
  public void im2col(ConvolutionGeometry g, Storage x, Storage cols) {
    throw unsupported("im2col");
  }

  @Override
  public void col2im(ConvolutionGeometry g, Storage cols, Storage x) {
    throw unsupported("col2im");
  }

  @Override
  public void pool2d(PoolOp op, ConvolutionGeometry g, Storage x, Storage out) {
    throw unsupported("pool2d");
  }

  @Override
  public void pool2dBackward(
      PoolOp op, ConvolutionGeometry g, Storage x, Storage gradOut, Storage gradIn) {
    throw unsupported("pool2dBackward");
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
    throw unsupported("random");
  }

  @Override
  public void close() {}
}
