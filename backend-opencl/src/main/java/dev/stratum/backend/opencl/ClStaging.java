package dev.stratum.backend.opencl;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_TRUE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * Pinned staging for uploads: a ring of {@value #SLOTS} host buffers ({@code
 * CL_MEM_ALLOC_HOST_PTR}, read-only for the device), each mapped once for host writes and kept
 * mapped until {@link #close}. An upload copies the caller's floats into the next slot and enqueues
 * a non-blocking {@code clEnqueueWriteBuffer} from the slot's mapped pointer, so it returns as soon
 * as the data is staged: a blocking write from a Java array had made the host wait, once per batch,
 * for every kernel enqueued before it. Kernels enqueued later see the data (the queue is in order);
 * a blocking read and {@code clFinish} wait for it.
 *
 * <p>The write goes from the mapped pointer rather than through unmap, {@code clEnqueueCopyBuffer}
 * and a new map: one command per upload instead of three, no map to wait for before the slot can be
 * filled again, and the pointer stays valid for the slot's life. The staging buffer itself is never
 * a kernel argument nor the source or target of a command while mapped (only its host memory is
 * read, as any host pointer would be), so nothing touches a mapped region on the device side, which
 * OpenCL leaves undefined. That pointer is pinned host memory on drivers that pin {@code
 * ALLOC_HOST_PTR} buffers, which lets them copy by DMA; elsewhere it is ordinary host memory and
 * the upload is still asynchronous.
 *
 * <p>A slot is reused in ring order; before it is filled again, the event of its last write is
 * waited on and released (the oldest write, so on an in-order queue the wait is the shortest one).
 * A slot grows to the next power of two of floats that holds the upload, from {@value #MIN_FLOATS}
 * up to {@value #LIMIT_FLOATS} floats (4 MiB, so at most 12 MiB of pinned memory), which it then
 * keeps: no allocation per upload once the sizes repeat. Growing maps the new buffer with a
 * blocking map, which waits for every command before it; that is the one wait besides reuse, at
 * most seven times a slot. {@link #write} returns {@code false}, and the caller writes directly,
 * for an upload above that limit and once staging is unavailable: after the device refused a
 * staging buffer or its mapping ({@code clCreateBuffer} or {@code clEnqueueMapBuffer} failing, e.g.
 * a device without {@code ALLOC_HOST_PTR} or out of pinned memory), which is logged once and not
 * retried on later uploads.
 *
 * <p>Not thread-safe: its owner ({@link ClRuntime}) calls it under the lock that guards the queue.
 * The mapped buffers never leave this class, and {@link #close} drops every reference to them, so a
 * buffer cannot be touched after it was unmapped (which would crash the JVM).
 */
final class ClStaging {

  /**
   * Slots in the ring: a training step uploads a batch's inputs and targets, and with three the
   * host can stage the next step's first upload while both of those are still being copied.
   */
  static final int SLOTS = 3;

  /** The largest upload that is staged, in floats (4 MiB); a larger one is written directly. */
  static final int LIMIT_FLOATS = 1 << 20;

  /** A slot's first size, in floats (64 KiB), so small uploads do not grow it step by step. */
  static final int MIN_FLOATS = 1 << 14;

  private static final System.Logger LOG = System.getLogger(ClStaging.class.getName());

  /** One staging buffer, its mapping and the event of the last write from it. */
  private static final class Slot {
    cl_mem mem;
    ByteBuffer mapped;
    FloatBuffer floats;
    int capacity;
    cl_event pending;
    int pendingCount;
  }

  private final cl_context context;
  private final cl_command_queue queue;
  private final Slot[] slots = new Slot[SLOTS];
  private int next;
  private int created;
  private String unavailable;

  ClStaging(cl_context context, cl_command_queue queue) {
    this.context = context;
    this.queue = queue;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Slot();
    }
  }

  /**
   * Stages {@code count} floats of {@code src} and enqueues their write to {@code dst} without
   * waiting for it; {@code src} may change as soon as this returns.
   *
   * @return {@code false}, having enqueued nothing, when the upload is above {@link #LIMIT_FLOATS}
   *     or staging is unavailable: the caller must write directly
   */
  boolean write(float[] src, int srcOffset, cl_mem dst, int dstOffset, int count) {
    if (count > LIMIT_FLOATS || unavailable != null) {
      return false;
    }
    Slot slot = slots[next];
    await(slot);
    if (slot.capacity < count && !grow(slot, count)) {
      return false;
    }
    slot.floats.put(0, src, srcOffset, count);
    cl_event event = new cl_event();
    ClErrors.check(
        CL.clEnqueueWriteBuffer(
            queue,
            dst,
            CL_FALSE,
            4L * dstOffset,
            4L * count,
            Pointer.toBuffer(slot.mapped),
            0,
            null,
            event),
        "clEnqueueWriteBuffer",
        "staged upload of " + count + " floats to offset " + dstOffset);
    slot.pending = event;
    slot.pendingCount = count;
    next = (next + 1) % SLOTS;
    return true;
  }

  /** Staging buffers created so far: grows, not uploads. */
  int created() {
    return created;
  }

  /** Why staging is off ({@code null} while it works): the refusal that turned it off. */
  String unavailable() {
    return unavailable;
  }

  /**
   * Waits for every staged write, unmaps and releases every staging buffer and event, and waits for
   * the unmaps; the queue and context must still be open. Goes through every slot even when one
   * fails, and then throws the first failure.
   */
  void close() {
    RuntimeException failure = null;
    for (Slot slot : slots) {
      try {
        try {
          await(slot);
        } finally {
          unmapAndRelease(slot);
        }
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    ClErrors.check(CL.clFinish(queue), "clFinish", "unmap " + SLOTS + " staging buffers");
    if (failure != null) {
      throw failure;
    }
  }

  /** Waits for the slot's last write and releases its event; nothing when it has none. */
  private static void await(Slot slot) {
    cl_event event = slot.pending;
    if (event == null) {
      return;
    }
    slot.pending = null;
    int waited = CL.clWaitForEvents(1, new cl_event[] {event});
    int released = CL.clReleaseEvent(event);
    String what = "staged upload of " + slot.pendingCount + " floats";
    ClErrors.check(waited, "clWaitForEvents", what);
    ClErrors.check(released, "clReleaseEvent", what);
  }

  /**
   * Replaces the slot's buffer by one of at least {@code count} floats, mapped for host writes.
   *
   * @return {@code false} when the device refused it; staging is then off from here on
   */
  private boolean grow(Slot slot, int count) {
    unmapAndRelease(slot);
    int capacity = Math.min(LIMIT_FLOATS, Math.max(MIN_FLOATS, ceilingPowerOfTwo(count)));
    long bytes = 4L * capacity;
    String what = "staging buffer of " + bytes + " bytes";
    int[] err = new int[1];
    cl_mem mem =
        CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_ALLOC_HOST_PTR, bytes, null, err);
    try {
      ClErrors.check(err[0], "clCreateBuffer", what);
    } catch (OpenClException e) {
      return refused(e);
    }
    try {
      // blocking, but only when a slot grows: at most log2(LIMIT / MIN) + 1 = 7 times a slot
      ByteBuffer mapped =
          CL.clEnqueueMapBuffer(queue, mem, CL_TRUE, CL_MAP_WRITE, 0, bytes, 0, null, null, err);
      ClErrors.check(err[0], "clEnqueueMapBuffer", what);
      slot.mem = mem;
      slot.mapped = mapped.order(ByteOrder.nativeOrder());
      slot.floats = slot.mapped.asFloatBuffer();
      slot.capacity = capacity;
      created++;
      return true;
    } catch (OpenClException e) {
      CL.clReleaseMemObject(mem);
      return refused(e);
    }
  }

  /** Turns staging off for good after {@code refusal}, logged once; returns {@code false}. */
  private boolean refused(OpenClException refusal) {
    unavailable = refusal.getMessage();
    LOG.log(
        System.Logger.Level.WARNING,
        "OpenCL uploads are written directly (blocking) from now on: " + unavailable);
    return false;
  }

  /** Unmaps and releases the slot's buffer, after dropping every reference to its mapping. */
  private void unmapAndRelease(Slot slot) {
    if (slot.mem == null) {
      return;
    }
    cl_mem mem = slot.mem;
    ByteBuffer mapped = slot.mapped;
    String what = "staging buffer of " + 4L * slot.capacity + " bytes";
    slot.mem = null;
    slot.mapped = null;
    slot.floats = null;
    slot.capacity = 0;
    int unmapped = CL.clEnqueueUnmapMemObject(queue, mem, mapped, 0, null, null);
    // deferred by OpenCL until the unmap has run
    int released = CL.clReleaseMemObject(mem);
    ClErrors.check(unmapped, "clEnqueueUnmapMemObject", what);
    ClErrors.check(released, "clReleaseMemObject", what);
  }

  private static int ceilingPowerOfTwo(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }
}
