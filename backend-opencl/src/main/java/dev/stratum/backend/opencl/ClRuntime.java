package dev.stratum.backend.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * Everything that talks to OpenCL: device discovery, one context with one in-order command queue,
 * the program (every {@code .cl} file of {@link KernelSource}, built once per context) and its
 * kernels, buffers and transfers. Every call's error code is checked and mapped to an {@link
 * OpenClException} naming the call, the operation and the error.
 *
 * <p>Kernel objects hold their arguments, so setting them and enqueueing is one critical section
 * under {@link #lock}; OpenCL itself runs the commands one after another on the in-order queue, so
 * the lock costs no device parallelism. Nothing here waits for the device except {@link #read},
 * {@link #finish} and an upload too large to stage: {@link #write} copies up to {@link
 * ClStaging#LIMIT_FLOATS} floats into a pinned staging slot ({@link ClStaging}, also under the
 * lock) and enqueues the transfer without waiting, and writes larger ones with a blocking write.
 */
final class ClRuntime implements AutoCloseable {

  /** A device and the handles needed to open a context on it. */
  record ClDevice(DeviceInfo info, cl_platform_id platform, cl_device_id id) {}

  /** Enqueued commands between two {@code clFlush}, so a GPU starts before the first read. */
  private static final int FLUSH_EVERY = 32;

  private static final Pattern KERNEL = Pattern.compile("kernel\\s+void\\s+(\\w+)\\s*\\(");

  private final ClDevice device;
  private final cl_context context;
  private final cl_command_queue queue;
  private final cl_program program;
  private final Map<String, cl_kernel> kernels = new HashMap<>();
  private final int group;
  private final Object lock = new Object();
  private final ClStaging staging;
  private int unflushed;
  private long stagedUploads;
  private long directUploads;
  private boolean closed;

  /**
   * Opens a context and queue on {@code device} and builds {@code source}.
   *
   * @throws KernelBuildException when the program does not build, with the build log
   */
  ClRuntime(ClDevice device, String source) {
    this.device = device;
    CL.setExceptionsEnabled(false);
    this.group = groupSize(device);
    int[] err = new int[1];
    cl_context_properties properties = new cl_context_properties();
    properties.addProperty(CL_CONTEXT_PLATFORM, device.platform());
    context = CL.clCreateContext(properties, 1, new cl_device_id[] {device.id()}, null, null, err);
    ClErrors.check(err[0], "clCreateContext", device.info().name());
    cl_command_queue q = null;
    cl_program p = null;
    try {
      @SuppressWarnings("deprecation") // clCreateCommandQueueWithProperties needs OpenCL 2.0
      cl_command_queue created = CL.clCreateCommandQueue(context, device.id(), 0, err);
      q = created;
      ClErrors.check(err[0], "clCreateCommandQueue", device.info().name());
      p = build(context, device, source, buildOptions(device, group));
      Matcher m = KERNEL.matcher(source);
      while (m.find()) {
        cl_kernel kernel = CL.clCreateKernel(p, m.group(1), err);
        ClErrors.check(err[0], "clCreateKernel", m.group(1));
        kernels.put(m.group(1), kernel);
      }
    } catch (RuntimeException e) {
      kernels.values().forEach(CL::clReleaseKernel);
      if (p != null) {
        CL.clReleaseProgram(p);
      }
      if (q != null) {
        CL.clReleaseCommandQueue(q);
      }
      CL.clReleaseContext(context);
      throw e;
    }
    queue = q;
    program = p;
    staging = new ClStaging(context, queue);
  }

  DeviceInfo info() {
    return device.info();
  }

  /** The work-group size of the 1-D kernels, also the {@code GROUP} of the tree reductions. */
  int group() {
    return group;
  }

  // ---------------------------------------------------------------- discovery

  /** The ICD loader JOCL links against on Linux, by the unversioned name it asks for. */
  private static final String LIBRARY = "libOpenCL.so";

  private static volatile boolean libraryChecked;

  /**
   * Opens and closes the OpenCL ICD loader (dlopen, through the FFM API) before JOCL is first
   * touched, and throws {@link UnsatisfiedLinkError} when it cannot be opened. JOCL's native code
   * would print "Could not load libOpenCL.so" on the process's stdout in that case, which a program
   * that only listed or probed the backends must not see. Linux only (JOCL's library names differ
   * elsewhere); skipped when native access is denied to this module (JOCL then reports for itself).
   */
  private static void requireLibrary() {
    if (libraryChecked
        || !System.getProperty("os.name", "")
            .toLowerCase(java.util.Locale.ROOT)
            .contains("linux")) {
      return;
    }
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      java.lang.foreign.SymbolLookup.libraryLookup(LIBRARY, arena);
    } catch (IllegalArgumentException e) {
      UnsatisfiedLinkError error = new UnsatisfiedLinkError(LIBRARY + ": " + e.getMessage());
      error.initCause(e);
      throw error;
    } catch (IllegalCallerException e) {
      // native access denied: leave the loading, and its report, to JOCL
    }
    libraryChecked = true;
  }

  /**
   * Every device of every platform, in the loader's order.
   *
   * @throws OpenClException with {@code CL_PLATFORM_NOT_FOUND_KHR} when no driver is installed
   */
  static List<ClDevice> devices() {
    requireLibrary();
    CL.setExceptionsEnabled(false);
    int[] count = new int[1];
    int code = CL.clGetPlatformIDs(0, null, count);
    ClErrors.check(code, "clGetPlatformIDs", "count platforms");
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    if (count[0] > 0) {
      ClErrors.check(
          CL.clGetPlatformIDs(count[0], platforms, null), "clGetPlatformIDs", "list platforms");
    }
    List<ClDevice> devices = new ArrayList<>();
    for (cl_platform_id platform : platforms) {
      String platformName = platformString(platform, CL_PLATFORM_NAME);
      int[] n = new int[1];
      code = CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
      if (code == CL.CL_DEVICE_NOT_FOUND || n[0] == 0) {
        continue;
      }
      ClErrors.check(code, "clGetDeviceIDs", platformName);
      cl_device_id[] ids = new cl_device_id[n[0]];
      ClErrors.check(
          CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, n[0], ids, null),
          "clGetDeviceIDs",
          platformName);
      for (cl_device_id id : ids) {
        devices.add(new ClDevice(describe(devices.size(), platformName, id), platform, id));
      }
    }
    return devices;
  }

  private static DeviceInfo describe(int index, String platform, cl_device_id id) {
    long type = deviceLong(id, CL_DEVICE_TYPE);
    String typeName =
        (type & CL_DEVICE_TYPE_GPU) != 0
            ? "GPU"
            : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0
                ? "ACCELERATOR"
                : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU" : "OTHER";
    return new DeviceInfo(
        index,
        deviceString(id, CL_DEVICE_NAME),
        deviceString(id, CL_DEVICE_VENDOR),
        platform,
        typeName,
        deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
        deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
        deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS),
        deviceString(id, CL_DEVICE_VERSION),
        deviceString(id, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64"));
  }

  private static String platformString(cl_platform_id platform, int param) {
    long[] size = new long[1];
    ClErrors.check(
        CL.clGetPlatformInfo(platform, param, 0, null, size), "clGetPlatformInfo", "" + param);
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(
        CL.clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null),
        "clGetPlatformInfo",
        "" + param);
    return cString(bytes);
  }

  private static String deviceString(cl_device_id id, int param) {
    long[] size = new long[1];
    ClErrors.check(CL.clGetDeviceInfo(id, param, 0, null, size), "clGetDeviceInfo", "" + param);
    byte[] bytes = new byte[(int) size[0]];
    ClErrors.check(
        CL.clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null),
        "clGetDeviceInfo",
        "" + param);
    return cString(bytes);
  }

  private static long deviceLong(cl_device_id id, int param) {
    return deviceNumber(id, param, Sizeof.cl_long);
  }

  private static int deviceInt(cl_device_id id, int param) {
    return (int) deviceNumber(id, param, Sizeof.cl_int);
  }

  private static long deviceSize(cl_device_id id, int param) {
    return deviceNumber(id, param, Sizeof.size_t);
  }

  /** A numeric device property of {@code bytes} bytes (4 or 8; little-endian hosts only). */
  private static long deviceNumber(cl_device_id id, int param, int bytes) {
    long[] value = new long[1];
    ClErrors.check(
        CL.clGetDeviceInfo(id, param, bytes, Pointer.to(value), null),
        "clGetDeviceInfo",
        "" + param);
    return bytes == 4 ? (int) value[0] : value[0];
  }

  private static String cString(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  // ---------------------------------------------------------------- program

  /** 256 work-items on a GPU, 64 on a CPU (fewer barriers to emulate), within the device limit. */
  private static int groupSize(ClDevice device) {
    long max = deviceSize(device.id(), CL_DEVICE_MAX_WORK_GROUP_SIZE);
    int wanted = device.info().isGpu() ? 256 : 64;
    while (wanted > max && wanted > 1) {
      wanted >>= 1;
    }
    return wanted;
  }

  private static String buildOptions(ClDevice device, int group) {
    StringBuilder options = new StringBuilder("-D GROUP=").append(group);
    if (device.info().fp64()) {
      options.append(" -D STRATUM_FP64");
    }
    long fp = deviceLong(device.id(), CL_DEVICE_SINGLE_FP_CONFIG);
    if ((fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0) {
      // IEEE division and square root, as Java has them, where the device can
      options.append(" -cl-fp32-correctly-rounded-divide-sqrt");
    }
    return options.toString();
  }

  /**
   * Builds {@code source} for {@code device}.
   *
   * @throws KernelBuildException with the build log when the compiler rejects it
   */
  static cl_program build(cl_context context, ClDevice device, String source, String options) {
    int[] err = new int[1];
    cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, err);
    ClErrors.check(err[0], "clCreateProgramWithSource", "stratum kernels");
    int code = CL.clBuildProgram(program, 1, new cl_device_id[] {device.id()}, options, null, null);
    if (code != 0) {
      String log = buildLog(program, device.id());
      CL.clReleaseProgram(program);
      throw new KernelBuildException(
          "clBuildProgram(stratum kernels): "
              + ClErrors.name(code)
              + " on "
              + device.info().name()
              + ", build log:\n"
              + log,
          code);
    }
    return program;
  }

  private static String buildLog(cl_program program, cl_device_id device) {
    long[] size = new long[1];
    if (CL.clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size) != 0) {
      return "(no build log)";
    }
    byte[] bytes = new byte[(int) size[0]];
    CL.clGetProgramBuildInfo(
        program, device, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
    String log = cString(bytes);
    return log.isEmpty() ? "(empty build log)" : log;
  }

  /** Opens a context on {@code device}, builds {@code source} and releases everything. */
  static void checkBuild(ClDevice device, String source) {
    try (ClRuntime runtime = new ClRuntime(device, source)) {
      // construction built the program and created every kernel
      runtime.info();
    }
  }

  // ---------------------------------------------------------------- buffers and transfers

  /**
   * A new buffer; {@code clCreateBuffer}'s error code goes to {@code err[0]} for the caller.
   *
   * @throws IllegalStateException after {@link #close}: the context may be gone, and OpenCL does
   *     not define what a call on a released context does
   */
  cl_mem createBuffer(long bytes, int[] err) {
    synchronized (lock) {
      requireOpen("allocate");
      return CL.clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, err);
    }
  }

  void releaseBuffer(cl_mem mem) {
    CL.clReleaseMemObject(mem);
  }

  /**
   * Enqueues the upload of {@code count} floats of {@code src} to {@code dst}; {@code src} may
   * change as soon as this returns. Staged without waiting up to {@link ClStaging#LIMIT_FLOATS}
   * floats; above that, or once staging is unavailable, a blocking write from the array.
   */
  void write(float[] src, int srcOffset, cl_mem dst, int dstOffset, int count) {
    synchronized (lock) {
      requireOpen("upload");
      if (staging.write(src, srcOffset, dst, dstOffset, count)) {
        stagedUploads++;
        countEnqueued("staged upload");
        return;
      }
      ClErrors.check(
          CL.clEnqueueWriteBuffer(
              queue,
              dst,
              CL_TRUE,
              4L * dstOffset,
              4L * count,
              Pointer.to(src).withByteOffset(4L * srcOffset),
              0,
              null,
              null),
          "clEnqueueWriteBuffer",
          "upload of " + count + " floats");
      directUploads++;
      unflushed = 0;
    }
  }

  /** Uploads that went through a staging slot, for tests. */
  long stagedUploads() {
    synchronized (lock) {
      return stagedUploads;
    }
  }

  /** Uploads written directly with a blocking write (too large, or staging unavailable). */
  long directUploads() {
    synchronized (lock) {
      return directUploads;
    }
  }

  /** Staging buffers created so far; constant once the upload sizes repeat. */
  int stagingBuffersCreated() {
    synchronized (lock) {
      return staging.created();
    }
  }

  /** Why uploads are not staged, or {@code null} while they are (see {@link ClStaging}). */
  String stagingUnavailable() {
    synchronized (lock) {
      return staging.unavailable();
    }
  }

  /** Blocking read: waits for every command before it on the queue. */
  void read(cl_mem src, int srcOffset, float[] dst, int dstOffset, int count) {
    synchronized (lock) {
      requireOpen("download");
      ClErrors.check(
          CL.clEnqueueReadBuffer(
              queue,
              src,
              CL_TRUE,
              4L * srcOffset,
              4L * count,
              Pointer.to(dst).withByteOffset(4L * dstOffset),
              0,
              null,
              null),
          "clEnqueueReadBuffer",
          "download of " + count + " floats");
      unflushed = 0;
    }
  }

  /** Waits until every enqueued command has finished. */
  void finish() {
    synchronized (lock) {
      requireOpen("synchronize");
      ClErrors.check(CL.clFinish(queue), "clFinish", "synchronize");
      unflushed = 0;
    }
  }

  // ---------------------------------------------------------------- kernels

  /**
   * Sets the arguments of kernel {@code name} and enqueues it over {@code global} work-items in
   * groups of {@code local} (each global size is rounded up to a multiple of the local one; kernels
   * check their bounds). Arguments: {@link Integer}, {@link Float}, {@code int[]} (an OpenCL vector
   * such as {@code int8} or {@code uint2}), {@link cl_mem}.
   */
  void launch(String name, long[] global, long[] local, Object... args) {
    synchronized (lock) {
      requireOpen(name);
      cl_kernel kernel = kernels.get(name);
      if (kernel == null) {
        throw new IllegalStateException("no OpenCL kernel named " + name);
      }
      for (int i = 0; i < args.length; i++) {
        setArg(kernel, name, i, args[i]);
      }
      long[] rounded = new long[global.length];
      for (int d = 0; d < global.length; d++) {
        rounded[d] = (global[d] + local[d] - 1) / local[d] * local[d];
      }
      ClErrors.check(
          CL.clEnqueueNDRangeKernel(
              queue, kernel, global.length, null, rounded, local, 0, null, null),
          "clEnqueueNDRangeKernel",
          name);
      countEnqueued(name);
    }
  }

  /** Counts one command enqueued without waiting, and flushes every {@link #FLUSH_EVERY}. */
  private void countEnqueued(String what) {
    if (++unflushed >= FLUSH_EVERY) {
      ClErrors.check(CL.clFlush(queue), "clFlush", what);
      unflushed = 0;
    }
  }

  private void requireOpen(String what) {
    if (closed) {
      throw new IllegalStateException(what + ": the OpenCL backend is closed");
    }
  }

  /** {@link #launch} over {@code count} work-items in groups of {@link #group()}. */
  void launch1d(String name, long count, Object... args) {
    launch(name, new long[] {count}, new long[] {group}, args);
  }

  private static void setArg(cl_kernel kernel, String name, int index, Object arg) {
    int code;
    if (arg instanceof Integer v) {
      code = CL.clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {v}));
    } else if (arg instanceof Float v) {
      code = CL.clSetKernelArg(kernel, index, Sizeof.cl_float, Pointer.to(new float[] {v}));
    } else if (arg instanceof int[] v) {
      code = CL.clSetKernelArg(kernel, index, (long) Sizeof.cl_int * v.length, Pointer.to(v));
    } else if (arg instanceof cl_mem v) {
      code = CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(v));
    } else {
      throw new IllegalArgumentException(name + ": unsupported kernel argument " + arg);
    }
    ClErrors.check(code, "clSetKernelArg", name + " argument " + index);
  }

  /** Whether {@link #close} has run; every call that uses the queue fails afterwards. */
  boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Waits for the queue, unmaps and releases the staging buffers and their events, then releases
   * the kernels, program, queue and context. Later uploads, downloads, launches and {@link #finish}
   * fail with {@link IllegalStateException}; closing again does nothing.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      CL.clFinish(queue);
      try {
        staging.close(); // before the queue and context it maps through
      } finally {
        kernels.values().forEach(CL::clReleaseKernel);
        kernels.clear();
        CL.clReleaseProgram(program);
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
      }
    }
  }
}
