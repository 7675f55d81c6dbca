package dev.stratum.backend.opencl;

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
import dev.stratum.backend.support.Extents;
import dev.stratum.backend.support.SizeKeyedPool;
import dev.stratum.backend.support.StorageLedger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * The OpenCL backend: storages are device buffers, recycled through a {@link SizeKeyedPool} and
 * tracked by a {@link StorageLedger} (which frees what is still live on close); every kernel is
 * OpenCL C from the {@code .cl} resources, enqueued on one in-order command queue of one context
 * ({@link ClRuntime}). Nothing waits for the device except {@link #download} and {@link
 * #synchronize()}: {@link #upload} copies the caller's floats into pinned staging memory and
 * returns before the transfer has run ({@link ClStaging}; only an upload above 4 MiB waits for it).
 * It offers the fused kernels {@link FusedBiasActivation}, {@link FusedActivationGradient}, {@link
 * FusedAxpy} and {@link FusedAdam} ({@code fused.cl}), and the recurrent cell tails {@link
 * FusedLstmCell} and {@link FusedGruCell} ({@code recurrent.cl}). Created by {@link
 * OpenClBackendProvider}.
 *
 * <p>Arguments are checked on the host before anything is enqueued (sizes against the storages,
 * offsets against the arrays), because a kernel that writes outside its buffer on a device does not
 * throw: it corrupts memory, and on a CPU device it can take the JVM down.
 */
public final class OpenClBackend implements Backend {

  private static final System.Logger LOG = System.getLogger(OpenClBackend.class.getName());

  private final ClRuntime rt;
  private final SizeKeyedPool<cl_mem> pool;
  private final long smallGemmLimit;
  private final int[] gemmLocal;
  private final boolean gemmPanels;
  private final AtomicLong deviceBytes = new AtomicLong();
  private final StorageLedger<cl_mem, OpenClStorage> ledger =
      StorageLedger.tracking("OpenCL", OpenClStorage.class);
  private final Capabilities capabilities =
      Capabilities.none()
          .with(FusedBiasActivation.class, this::biasActivation)
          .with(FusedActivationGradient.class, this::activationGradient)
          .with(FusedAxpy.class, this::axpy)
          .with(FusedAdam.class, this::adamUpdate)
          .with(FusedLstmCell.class, new LstmCell())
          .with(FusedGruCell.class, new GruCell());
  private final GemmKernels.Scratch scratch =
      new GemmKernels.Scratch() {
        @Override
        public OpenClStorage take(long floats) {
          if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "scratch of " + floats + " floats exceeds the largest storage");
          }
          return newStorage((int) floats, "scratch");
        }

        @Override
        public void give(OpenClStorage storage) {
          recycle(storage.markReleased(), storage.bytes());
        }
      };

  OpenClBackend(
      ClRuntime rt, long poolBytes, long smallGemmLimit, int[] gemmLocal, boolean gemmPanels) {
    this.rt = rt;
    // up to 1024 buffers a size, as the vector backend keeps arrays: a step holds many
    // intermediates of one size at once (a recurrent layer one per time step), and with 4 a size
    // most of them were made and freed again every step; poolBytes bounds the memory
    this.pool = new SizeKeyedPool<>(1024, poolBytes);
    this.smallGemmLimit = smallGemmLimit;
    this.gemmLocal = gemmLocal;
    this.gemmPanels = gemmPanels;
  }

  @Override
  public String name() {
    return "opencl";
  }

  @Override
  public String device() {
    return rt.info().describe();
  }

  /** The device this backend runs on: name, vendor, memory, compute units. */
  public DeviceInfo deviceInfo() {
    return rt.info();
  }

  /** Waits until every kernel enqueued so far has finished (for timing; never needed for data). */
  public void synchronize() {
    rt.finish();
  }

  /** The runtime under this backend, for tests that look at its transfers. */
  ClRuntime runtime() {
    return rt;
  }

  /** Bytes of device memory this backend holds: live storages, scratch and the pool. */
  public long deviceBytes() {
    return deviceBytes.get();
  }

  /** Bytes held by the buffer pool for reuse. */
  public long pooledBytes() {
    return pool.pooledBytes();
  }

  /** Gives every pooled buffer back to the driver; returns the bytes freed. */
  public long trimPool() {
    long freed = pool.clear(this::releaseToDriver);
    deviceBytes.addAndGet(-freed);
    return freed;
  }

  // ---------------------------------------------------------------- memory

  @Override
  public Storage allocate(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("allocate: size " + size + " is negative");
    }
    return ledger.admit(newStorage(size, "allocate"));
  }

  private OpenClStorage newStorage(int size, String what) {
    long bytes = Math.max(4L, 4L * size);
    cl_mem mem = pool.take(bytes);
    if (mem == null) {
      mem = createBuffer(bytes, what);
    }
    return new OpenClStorage(ledger, size, bytes, mem);
  }

  private cl_mem createBuffer(long bytes, String what) {
    DeviceInfo info = rt.info();
    if (bytes > info.maxAllocationBytes()) {
      throw new DeviceMemoryException(
          what
              + ": "
              + bytes
              + " bytes requested, but "
              + info.name()
              + " allows at most "
              + info.maxAllocationBytes()
              + " bytes in one buffer",
          bytes,
          info.maxAllocationBytes());
    }
    if (deviceBytes.get() + bytes > info.globalMemoryBytes()) {
      trimPool();
    }
    long held = deviceBytes.get();
    if (held + bytes > info.globalMemoryBytes()) {
      throw outOfMemory(what, bytes, held, "");
    }
    int[] err = new int[1];
    cl_mem mem = rt.createBuffer(bytes, err);
    if (err[0] != CL.CL_SUCCESS && trimPool() > 0) {
      mem = rt.createBuffer(bytes, err); // one more try without the pooled buffers
    }
    if (err[0] == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE
        || err[0] == CL.CL_OUT_OF_RESOURCES
        || err[0] == CL.CL_OUT_OF_HOST_MEMORY) {
      throw outOfMemory(
          what, bytes, deviceBytes.get(), " (clCreateBuffer: " + ClErrors.name(err[0]) + ")");
    }
    ClErrors.check(err[0], "clCreateBuffer", what + " of " + bytes + " bytes");
    deviceBytes.addAndGet(bytes);
    return mem;
  }

  private DeviceMemoryException outOfMemory(String what, long bytes, long held, String detail) {
    long total = rt.info().globalMemoryBytes();
    long available = Math.max(0, total - held);
    return new DeviceMemoryException(
        what
            + ": "
            + bytes
            + " bytes requested, but only "
            + available
            + " of the "
            + total
            + " bytes of "
            + rt.info().name()
            + " are available ("
            + held
            + " held by this backend)"
            + detail,
        bytes,
        available);
  }

  @Override
  public void release(Storage storage) {
    OpenClStorage own = ledger.own(storage, "release");
    recycle(ledger.release(own), own.bytes());
  }

  private void recycle(cl_mem mem, long bytes) {
    if (!pool.give(mem, bytes)) {
      releaseToDriver(mem);
      deviceBytes.addAndGet(-bytes);
    }
  }

  private void releaseToDriver(cl_mem mem) {
    rt.releaseBuffer(mem);
  }

  @Override
  public int liveStorages() {
    return ledger.live();
  }

  /** The buffer of {@code storage}, after checking it holds at least {@code needed} elements. */
  private cl_mem mem(Storage storage, long needed, String kernel) {
    OpenClStorage own = ledger.own(storage, kernel);
    Extents.checkCapacity(kernel, own.size(), needed);
    return own.mem();
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    Extents.checkRange("upload source", srcOffset, count, src.length);
    OpenClStorage own = ledger.own(dst, "upload");
    Extents.checkRange("upload destination", dstOffset, count, own.size());
    if (count > 0) {
      rt.write(src, srcOffset, own.mem(), dstOffset, count);
    }
  }

  @Override
  public void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count) {
    Extents.checkRange("download destination", dstOffset, count, dst.length);
    OpenClStorage own = ledger.own(src, "download");
    Extents.checkRange("download source", srcOffset, count, own.size());
    if (count > 0) {
      rt.read(own.mem(), srcOffset, dst, dstOffset, count);
    }
  }

  // ---------------------------------------------------------------- data movement

  @Override
  public void fill(Storage dst, int offset, int count, float value) {
    Extents.checkRange("fill", offset, count, ledger.own(dst, "fill").size());
    MovementKernels.fill(rt, mem(dst, 0, "fill"), offset, count, value);
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
    cl_mem s = mem(src, Extents.stridedEnd("copy", shape, srcOffset, srcStrides), "copy");
    cl_mem d = mem(dst, Extents.stridedEnd("copy", shape, dstOffset, dstStrides), "copy");
    MovementKernels.copy(rt, shape, s, srcOffset, srcStrides, d, dstOffset, dstStrides);
  }

  /** The buffer of an operand read through {@code strides} over {@code shape}, range-checked. */
  private cl_mem stridedMem(Storage storage, int[] shape, int[] strides, String kernel) {
    return mem(storage, Extents.stridedEnd(kernel, shape, 0, strides), kernel);
  }

  // ---------------------------------------------------------------- element-wise

  @Override
  public void unary(UnaryOp op, float alpha, Storage x, Storage out, int count) {
    ElementwiseKernels.unary(
        rt, op, alpha, mem(x, count, "unary"), mem(out, count, "unary"), count);
  }

  @Override
  public void binary(
      BinaryOp op, int[] shape, Storage a, int[] aStrides, Storage b, int[] bStrides, Storage out) {
    long size = Extents.elements(shape);
    ElementwiseKernels.binary(
        rt,
        op,
        shape,
        stridedMem(a, shape, aStrides, "binary"),
        aStrides,
        stridedMem(b, shape, bStrides, "binary"),
        bStrides,
        mem(out, size, "binary"));
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
    long size = Extents.elements(shape);
    ElementwiseKernels.where(
        rt,
        shape,
        stridedMem(cond, shape, condStrides, "where"),
        condStrides,
        stridedMem(a, shape, aStrides, "where"),
        aStrides,
        stridedMem(b, shape, bStrides, "where"),
        bStrides,
        mem(out, size, "where"));
  }

  // ---------------------------------------------------------------- reductions

  @Override
  public void reduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    ReductionKernels.reduce(
        rt,
        op,
        mem(x, (long) outer * extent * inner, "reduce"),
        outer,
        extent,
        inner,
        mem(out, (long) outer * inner, "reduce"));
  }

  @Override
  public void argReduce(ReduceOp op, Storage x, int outer, int extent, int inner, Storage out) {
    if (extent < 1 && (long) outer * inner > 0) {
      throw new IllegalArgumentException("argReduce: the extent must be at least 1, got " + extent);
    }
    ReductionKernels.argReduce(
        rt,
        op,
        mem(x, (long) outer * extent * inner, "argReduce"),
        outer,
        extent,
        inner,
        mem(out, (long) outer * inner, "argReduce"));
  }

  @Override
  public void softmax(boolean log, Storage x, int rows, int cols, Storage out) {
    long size = (long) rows * cols;
    ReductionKernels.softmax(
        rt, log, mem(x, size, "softmax"), rows, cols, mem(out, size, "softmax"));
  }

  // ---------------------------------------------------------------- linear algebra

  @Override
  public void matmul(MatmulSpec spec, Storage a, Storage b, Storage c) {
    long batches = spec.batch();
    long aSize =
        batches == 0 ? 0 : (batches - 1) * spec.aBatchStride() + (long) spec.m() * spec.k();
    long bSize =
        batches == 0 ? 0 : (batches - 1) * spec.bBatchStride() + (long) spec.k() * spec.n();
    GemmKernels.matmul(
        rt,
        scratch,
        smallGemmLimit,
        gemmLocal,
        gemmPanels,
        spec,
        mem(a, aSize, "matmul"),
        mem(b, bSize, "matmul"),
        mem(c, batches * spec.m() * spec.n(), "matmul"));
  }

  // ---------------------------------------------------------------- indexing

  @Override
  public void indexSelect(
      Storage src, int outer, int srcExtent, int inner, Storage indices, int count, Storage out) {
    IndexKernels.indexSelect(
        rt,
        mem(src, (long) outer * srcExtent * inner, "indexSelect"),
        outer,
        srcExtent,
        inner,
        mem(indices, count, "indexSelect"),
        count,
        mem(out, (long) outer * count * inner, "indexSelect"));
  }

  @Override
  public void indexAdd(
      Storage src, int outer, int count, int inner, Storage indices, Storage out, int outExtent) {
    IndexKernels.indexAdd(
        rt,
        scratch,
        mem(src, (long) outer * count * inner, "indexAdd"),
        outer,
        count,
        inner,
        mem(indices, count, "indexAdd"),
        mem(out, (long) outer * outExtent * inner, "indexAdd"),
        outExtent);
  }

  // ---------------------------------------------------------------- convolution and pooling

  @Override
  public void im2col(ConvolutionGeometry g, Storage x, Storage cols) {
    ConvolutionKernels.im2col(
        rt, g, mem(x, g.inputSize(), "im2col"), mem(cols, g.columnsSize(), "im2col"));
  }

  @Override
  public void col2im(ConvolutionGeometry g, Storage cols, Storage x) {
    ConvolutionKernels.col2im(
        rt, g, mem(cols, g.columnsSize(), "col2im"), mem(x, g.inputSize(), "col2im"));
  }

  @Override
  public void pool2d(PoolOp op, ConvolutionGeometry g, Storage x, Storage out) {
    PoolingKernels.pool2d(
        rt, op, g, mem(x, g.inputSize(), "pool2d"), mem(out, g.pooledSize(), "pool2d"));
  }

  @Override
  public void pool2dBackward(
      PoolOp op, ConvolutionGeometry g, Storage x, Storage gradOut, Storage gradIn) {
    PoolingKernels.pool2dBackward(
        rt,
        op,
        g,
        mem(x, g.inputSize(), "pool2dBackward"),
        mem(gradOut, g.pooledSize(), "pool2dBackward"),
        mem(gradIn, g.inputSize(), "pool2dBackward"));
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
    RandomKernels.random(rt, distribution, p0, p1, seed, stream, mem(out, count, "random"), count);
  }

  // ---------------------------------------------------------------- fused kernels

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return capabilities.find(type);
  }

  private void biasActivation(
      UnaryOp act, float alpha, Storage x, Storage bias, int rows, int cols, Storage out) {
    long size = (long) rows * cols;
    FusedKernels.biasActivation(
        rt,
        act,
        alpha,
        mem(x, size, "biasActivation"),
        mem(bias, cols, "biasActivation"),
        rows,
        cols,
        mem(out, size, "biasActivation"));
  }

  private void activationGradient(
      UnaryOp act, float alpha, Storage y, Storage g, Storage out, int count) {
    FusedActivationGradient.requireSupported(act, alpha);
    FusedKernels.activationGradient(
        rt,
        act,
        alpha,
        mem(y, count, "activationGradient"),
        mem(g, count, "activationGradient"),
        mem(out, count, "activationGradient"),
        count);
  }

  private void axpy(float alpha, Storage x, Storage y, int count) {
    FusedKernels.axpy(rt, alpha, mem(x, count, "axpy"), mem(y, count, "axpy"), count);
  }

  private void adamUpdate(
      Storage param, Storage grad, Storage m, Storage v, int count, FusedAdam.Coefficients c) {
    FusedKernels.adamUpdate(
        rt,
        mem(param, count, "adamUpdate"),
        mem(grad, count, "adamUpdate"),
        mem(m, count, "adamUpdate"),
        mem(v, count, "adamUpdate"),
        count,
        c);
  }

  /** {@link FusedLstmCell} on {@code recurrent.cl}. */
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
      long g = 4L * batch * hidden;
      long n = (long) batch * hidden;
      RecurrentKernels.lstmForward(
          rt,
          mem(xp, g, "lstmCell"),
          mem(hh, g, "lstmCell"),
          mem(cPrev, n, "lstmCell"),
          batch,
          hidden,
          mem(gates, g, "lstmCell"),
          mem(c, n, "lstmCell"),
          mem(h, n, "lstmCell"));
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
      long g = 4L * batch * hidden;
      long n = (long) batch * hidden;
      RecurrentKernels.lstmBackward(
          rt,
          mem(gates, g, "lstmCellBackward"),
          mem(cPrev, n, "lstmCellBackward"),
          mem(c, n, "lstmCellBackward"),
          dh == null ? null : mem(dh, n, "lstmCellBackward"),
          dc == null ? null : mem(dc, n, "lstmCellBackward"),
          batch,
          hidden,
          mem(dz, g, "lstmCellBackward"),
          mem(dcPrev, n, "lstmCellBackward"));
    }
  }

  /** {@link FusedGruCell} on {@code recurrent.cl}. */
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
      long g = 3L * batch * hidden;
      long n = (long) batch * hidden;
      RecurrentKernels.gruForward(
          rt,
          mem(xp, g, "gruCell"),
          mem(hh, g, "gruCell"),
          bhh == null ? null : mem(bhh, 3L * hidden, "gruCell"),
          mem(hPrev, n, "gruCell"),
          batch,
          hidden,
          mem(saved, 4L * batch * hidden, "gruCell"),
          mem(h, n, "gruCell"));
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
      long g = 3L * batch * hidden;
      long n = (long) batch * hidden;
      RecurrentKernels.gruBackward(
          rt,
          mem(saved, 4L * batch * hidden, "gruCellBackward"),
          mem(hPrev, n, "gruCellBackward"),
          mem(dh, n, "gruCellBackward"),
          batch,
          hidden,
          mem(dxp, g, "gruCellBackward"),
          mem(dhh, g, "gruCellBackward"),
          mem(dhPrev, n, "gruCellBackward"));
    }
  }

  /**
   * Finishes the queue, gives every buffer back to the driver (storages still live included; they
   * are invalid afterwards) and releases the context.
   */
  @Override
  public void close() {
    if (rt.isClosed()) {
      return;
    }
    try {
      rt.finish();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "OpenCL backend: finishing the queue failed", e);
    }
    ledger.releaseAll(
        (storage, mem) -> {
          releaseToDriver(mem);
          deviceBytes.addAndGet(-storage.bytes());
        });
    trimPool();
    rt.close();
  }
}
