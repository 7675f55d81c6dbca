package dev.stratum.backend.vector;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.ConvolutionGeometry;
import dev.stratum.backend.Distribution;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.PoolOp;
import dev.stratum.backend.ReduceOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.Capabilities;
import dev.stratum.backend.fused.FusedActivationGradient;
import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.backend.fused.FusedAxpy;
import dev.stratum.backend.fused.FusedBiasActivation;
import dev.stratum.backend.fused.FusedGruCell;
import dev.stratum.backend.fused.FusedLstmCell;
import dev.stratum.backend.fused.PackedMatmul;
import dev.stratum.backend.support.Extents;
import dev.stratum.backend.support.SizeKeyedPool;
import dev.stratum.backend.support.StorageLedger;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU backend: storages are heap {@code float[]} arrays, recycled through a {@link
 * SizeKeyedPool} and counted by a {@link StorageLedger}; kernels run on the Vector API (or, with
 * {@code simd == false}, on their scalar twins) and split large work over a {@link Parallel} pool.
 * It offers the fused kernels {@link FusedBiasActivation}, {@link FusedActivationGradient}, {@link
 * FusedAxpy} and {@link FusedAdam} ({@link FusedKernels}), and the recurrent cell tails {@link
 * FusedLstmCell} and {@link FusedGruCell} ({@link RecurrentKernels}). Created by {@link
 * VectorBackendProvider}.
 */
public final class VectorBackend implements Backend {

  /** The largest array the JVM reliably allocates. */
  static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private final Parallel parallel;
  private final boolean simd;
  private final SizeKeyedPool<float[]> pool;
  private final LongAdder freshArrays = new LongAdder();
  private final StorageLedger<float[], VectorStorage> ledger =
      StorageLedger.counting("vector", VectorStorage.class);
  private final Capabilities capabilities =
      Capabilities.none()
          .with(FusedBiasActivation.class, this::biasActivation)
          .with(FusedActivationGradient.class, this::activationGradient)
          .with(FusedAxpy.class, this::axpy)
          .with(FusedAdam.class, this::adamUpdate)
          .with(FusedLstmCell.class, new LstmCell())
          .with(FusedGruCell.class, new GruCell())
          .with(PackedMatmul.class, new PackedProducts());

  VectorBackend(Parallel parallel, boolean simd, SizeKeyedPool<float[]> pool) {
    this.parallel = parallel;
    this.simd = simd;
    this.pool = pool;
  }

  /**
   * A vector backend that runs its multi-threaded kernels through {@code parallel}, for example a
   * {@link Parallel#Parallel(java.util.concurrent.ForkJoinPool)} over the application's own pool.
   * {@link dev.stratum.backend.Backends} creates backends through the provider instead; this is for
   * programs that construct their backend by hand. Closing the backend closes {@code parallel}.
   */
  public static VectorBackend create(Parallel parallel, boolean simd) {
    return new VectorBackend(
        parallel,
        simd,
        new SizeKeyedPool<>(
            VectorBackendProvider.POOL_PER_SIZE, VectorBackendProvider.DEFAULT_POOL_BYTES));
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String device() {
    String cpu =
        "CPU, " + parallel.threads() + (parallel.threads() == 1 ? " thread, " : " threads, ");
    return simd
        ? cpu + Simd.LANES + "-lane float SIMD (" + Simd.SPECIES + ")"
        : cpu + "scalar path";
  }

  /** Whether kernels run on the Vector API ({@code false}: the scalar path). */
  public boolean simd() {
    return simd;
  }

  // ---------------------------------------------------------------- memory

  @Override
  public Storage allocate(int size) {
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "allocate: size " + size + " is outside [0, " + MAX_SIZE + "]");
    }
    float[] array = pool.take(4L * size);
    if (array == null) {
      array = heapArray(size);
      freshArrays.increment();
    }
    return ledger.admit(new VectorStorage(ledger, array));
  }

  /**
   * How many storages so far got a new heap array rather than a pooled one. Once a training loop
   * has run a step or two, its steps allocate the same sizes each time and take them all from the
   * pool: this count stops growing (a diagnostic for the garbage a loop makes).
   */
  public long freshArrays() {
    return freshArrays.sum();
  }

  /**
   * A new array, or a sentence with the bytes requested and available instead of a bare {@link
   * OutOfMemoryError}: a request beyond the heap limit is refused before trying.
   */
  private static float[] heapArray(int size) {
    long bytes = 4L * size;
    Runtime runtime = Runtime.getRuntime();
    if (bytes > runtime.maxMemory()) {
      throw new IllegalArgumentException(
          "vector backend: cannot allocate "
              + bytes
              + " bytes ("
              + size
              + " floats): the Java heap limit is "
              + runtime.maxMemory()
              + " bytes; raise it with -Xmx");
    }
    try {
      return new float[size];
    } catch (OutOfMemoryError e) {
      long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
      throw new IllegalStateException(
          "vector backend: out of heap allocating "
              + bytes
              + " bytes ("
              + size
              + " floats); about "
              + available
              + " bytes of the "
              + runtime.maxMemory()
              + "-byte heap limit are free; raise it with -Xmx or release tensors",
          e);
    }
  }

  @Override
  public void release(Storage storage) {
    float[] array = ledger.release(ledger.own(storage, "release"));
    pool.give(array, 4L * array.length); // a full pool leaves the array to the garbage collector
  }

  @Override
  public int liveStorages() {
    return ledger.live();
  }

  /** Bytes currently held by the buffer pool for reuse. */
  long pooledBytes() {
    return pool.pooledBytes();
  }

  private float[] data(Storage storage) {
    return ledger.own(storage, "kernel").data();
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    Extents.checkRange("upload source", srcOffset, count, src.length);
    float[] to = data(dst);
    Extents.checkRange("upload destination", dstOffset, count, to.length);
    System.arraycopy(src, srcOffset, to, dstOffset, count);
  }

  @Override
  public void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count) {
    Extents.checkRange("download destination", dstOffset, count, dst.length);
    float[] from = data(src);
    Extents.checkRange("download source", srcOffset, count, from.length);
    System.arraycopy(from, srcOffset, dst, dstOffset, count);
  }

  // ---------------------------------------------------------------- data movement

  @Override
  public void fill(Storage dst, int offset, int count, float value) {
    float[] to = data(dst);
    Extents.checkRange("fill", offset, count, to.length);
    MovementKernels.fill(parallel, simd, to, offset, count, value);
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
    MovementKernels.copy(
        parallel, simd, shape, data(src), srcOffset, srcStrides, data(dst), dstOffset, dstStrides);
  }

  // ---------------------------------------------------------------- element-wise

  @Override
  public void unary(UnaryOp op, float alpha, Storage x, Storage out, int count) {
    ElementwiseKernels.unary(parallel, simd, op, alpha, data(x), data(out), count);
  }

  @Override
  public void binary(
      BinaryOp op, int[] shape, Storage a, int[] aStrides, Storage b, int[] bStrides, Storage out) {
    ElementwiseKernels.binary(
        parallel, simd, op, shape, data(a), aStrides, data(b), bStrides, data(out));
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
    ElementwiseKernels.where(
        parallel,
        simd,
        shape,
        data(cond),
        condStrides,
        data(a),
        aStrides,
        data(b),
        bStrides,
        data(out));
  }

  // ---------------------------------------------------------------- reductions

  @Override
  public void reduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    ReductionKernels.reduce(parallel, simd, op, data(x), outer, extent, inner, data(out));
  }

  @Override
  public void argReduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    ReductionKernels.argReduce(parallel, op, data(x), outer, extent, inner, data(out));
  }

  @Override
  public void softmax(boolean log, Storage x, int rows, int cols, Storage out) {
    ReductionKernels.softmax(parallel, simd, log, data(x), rows, cols, data(out));
  }

  // ---------------------------------------------------------------- linear algebra

  @Override
  public void matmul(MatmulSpec spec, Storage a, Storage b, Storage c) {
    if (simd) {
      VectorGemm.multiply(parallel, spec, data(a), data(b), data(c));
    } else {
      MatmulKernels.multiplyScalar(parallel, spec, data(a), data(b), data(c));
    }
  }

  // ---------------------------------------------------------------- indexing

  @Override
  public void indexSelect(
      Storage src, int outer, int srcExtent, int inner, Storage indices, int count, Storage out) {
    IndexKernels.indexSelect(
        parallel, simd, data(src), outer, srcExtent, inner, data(indices), count, data(out));
  }

  @Override
  public void indexAdd(
      Storage src, int outer, int count, int inner, Storage indices, Storage out, int outExtent) {
    IndexKernels.indexAdd(
        parallel, simd, data(src), outer, count, inner, data(indices), data(out), outExtent);
  }

  // ---------------------------------------------------------------- convolution and pooling

  @Override
  public void im2col(ConvolutionGeometry g, Storage x, Storage cols) {
    ConvolutionKernels.im2col(parallel, simd, g, data(x), data(cols));
  }

  @Override
  public void col2im(ConvolutionGeometry g, Storage cols, Storage x) {
    ConvolutionKernels.col2im(parallel, simd, g, data(cols), data(x));
  }

  @Override
  public void pool2d(PoolOp op, ConvolutionGeometry g, Storage x, Storage out) {
    PoolingKernels.pool2d(parallel, simd, op, g, data(x), data(out));
  }

  @Override
  public void pool2dBackward(
      PoolOp op, ConvolutionGeometry g, Storage x, Storage gradOut, Storage gradIn) {
    PoolingKernels.pool2dBackward(parallel, simd, op, g, data(x), data(gradOut), data(gradIn));
  }

  // ---------------------------------------------------------------- random numbers

  @Override
  public void random(
      Distribution distribution,
      float p0,
      float p1,
      long seed,
      long stream,
      Storage out,
      int count) {
    RandomKernels.random(parallel, distribution, p0, p1, seed, stream, data(out), count);
  }

  // ---------------------------------------------------------------- fused kernels

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return capabilities.find(type);
  }

  private void biasActivation(
      UnaryOp act, float alpha, Storage x, Storage bias, int rows, int cols, Storage out) {
    FusedKernels.biasActivation(
        parallel, simd, act, alpha, data(x), data(bias), rows, cols, data(out));
  }

  private void activationGradient(
      UnaryOp act, float alpha, Storage y, Storage g, Storage out, int count) {
    FusedKernels.activationGradient(parallel, simd, act, alpha, data(y), data(g), data(out), count);
  }

  private void axpy(float alpha, Storage x, Storage y, int count) {
    FusedKernels.axpy(parallel, simd, alpha, data(x), data(y), count);
  }

  private void adamUpdate(
      Storage param, Storage grad, Storage m, Storage v, int count, FusedAdam.Coefficients c) {
    FusedKernels.adamUpdate(parallel, simd, data(param), data(grad), data(m), data(v), count, c);
  }

  /**
   * {@link PackedMatmul}: with SIMD, W in {@link VectorGemm}'s panel layout; without, W as stored,
   * multiplied by the scalar kernel, so both modes give what their own {@link #matmul} gives.
   */
  private final class PackedProducts implements PackedMatmul {
    @Override
    public int packedSize(int k, int n) {
      return simd ? VectorGemm.packedSize(k, n) : k * n;
    }

    @Override
    public void pack(Storage w, int k, int n, boolean transposed, Storage packed) {
      if (simd) {
        VectorGemm.packB(data(w), k, n, transposed, data(packed));
      } else if (transposed) {
        VectorGemm.transpose(data(w), n, k, data(packed));
      } else {
        System.arraycopy(data(w), 0, data(packed), 0, k * n);
      }
    }

    @Override
    public void multiply(Storage a, int m, int k, int n, Storage packed, Storage c) {
      if (simd) {
        VectorGemm.multiplyPacked(parallel, m, n, k, data(a), data(packed), data(c));
      } else {
        // pack stored op(W) as [k, n] (transposing a W stored [n, k]): an untransposed product
        MatmulKernels.multiplyScalar(
            parallel, MatmulSpec.of(m, n, k), data(a), data(packed), data(c));
      }
    }
  }

  /** {@link FusedLstmCell} on {@link RecurrentKernels}. */
  private final class LstmCell implements FusedLstmCell {
    @Override
    public void forward(
        Storage xp,
        Storage hh,
        Storage cPrev,
        int batch,
        int hidden,
        Storage gates,
        Storage c,
        Storage h) {
      RecurrentKernels.lstmForward(
          parallel,
          simd,
          data(xp),
          data(hh),
          data(cPrev),
          batch,
          hidden,
          data(gates),
          data(c),
          data(h));
    }

    @Override
    public void backward(
        Storage gates,
        Storage cPrev,
        Storage c,
        Storage dh,
        Storage dc,
        int batch,
        int hidden,
        Storage dz,
        Storage dcPrev) {
      RecurrentKernels.lstmBackward(
          parallel,
          simd,
          data(gates),
          data(cPrev),
          data(c),
          dh == null ? null : data(dh),
          dc == null ? null : data(dc),
          batch,
          hidden,
          data(dz),
          data(dcPrev));
    }
  }

  /** {@link FusedGruCell} on {@link RecurrentKernels}. */
  private final class GruCell implements FusedGruCell {
    @Override
    public void forward(
        Storage xp,
        Storage hh,
        Storage bhh,
        Storage hPrev,
        int batch,
        int hidden,
        Storage saved,
        Storage h) {
      RecurrentKernels.gruForward(
          parallel,
          simd,
          data(xp),
          data(hh),
          bhh == null ? null : data(bhh),
          data(hPrev),
          batch,
          hidden,
          data(saved),
          data(h));
    }

    @Override
    public void backward(
        Storage saved,
        Storage hPrev,
        Storage dh,
        int batch,
        int hidden,
        Storage dxp,
        Storage dhh,
        Storage dhPrev) {
      RecurrentKernels.gruBackward(
          parallel,
          simd,
          data(saved),
          data(hPrev),
          data(dh),
          batch,
          hidden,
          data(dxp),
          data(dhh),
          data(dhPrev));
    }
  }

  @Override
  public void close() {
    parallel.close();
    pool.clear();
  }
}
