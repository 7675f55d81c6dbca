package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jocl.cl_mem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads through pinned staging ({@link ClStaging}): every size arrives whole on the path its size
 * selects, the caller's array may change as soon as {@code upload} returns, kernels enqueued after
 * an upload see it, offsets on both sides, slots that stop growing, and a close with uploads in
 * flight.
 */
@RequiresOpenCl
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClStagingTest {

  private static final int LIMIT = ClStaging.LIMIT_FLOATS;
  private static final int MIN = ClStaging.MIN_FLOATS;

  private final OpenClBackendProvider provider = new OpenClBackendProvider();
  private OpenClBackend backend;
  private ClRuntime rt;

  @BeforeAll
  void open() {
    backend = (OpenClBackend) provider.create(BackendOptions.defaults());
    rt = backend.runtime();
    assertThat(rt.stagingUnavailable()).as("staging on this device").isNull();
  }

  @AfterAll
  void close() {
    backend.close();
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        1,
        2,
        3,
        7,
        255,
        1001,
        MIN - 1,
        MIN,
        MIN + 1,
        65_537,
        LIMIT - 1,
        LIMIT,
        LIMIT + 1,
        2 * LIMIT + 3
      })
  void everySizeArrivesWholeOnThePathItsSizeSelects(int size) {
    float[] data = random(size, size);
    Storage storage = backend.allocate(size);
    try {
      long staged = rt.stagedUploads();
      long direct = rt.directUploads();
      backend.upload(data, 0, storage, 0, size);
      boolean small = size <= LIMIT;
      assertThat(rt.stagedUploads() - staged).as("staged uploads").isEqualTo(small ? 1 : 0);
      assertThat(rt.directUploads() - direct).as("direct uploads").isEqualTo(small ? 0 : 1);
      assertSameFloats("size " + size, download(storage, size), data);
    } finally {
      backend.release(storage);
    }
  }

  @Test
  void theArrayMayChangeAsSoonAsUploadReturns() {
    // more uploads than slots
    int uploads = 4 * ClStaging.SLOTS + 1;
    float[] src = new float[MIN * 4];
    List<Storage> targets = new ArrayList<>();
    long staged = rt.stagedUploads();
    try {
      // slots grown first (growing maps a buffer, which waits for the queue), then the writes
      // queued behind a product, so that they are still pending when the ring comes round again
      Storage warm = backend.allocate(src.length);
      targets.add(warm);
      for (int i = 0; i < ClStaging.SLOTS; i++) {
        backend.upload(src, 0, warm, 0, src.length);
      }
      keepTheQueueBusy();
      for (int i = 0; i < uploads; i++) {
        int size = 100 + i * 4_999;
        System.arraycopy(patterned(i, size), 0, src, 0, size);
        Storage target = backend.allocate(size);
        targets.add(target);
        backend.upload(src, 0, target, 0, size);
        Arrays.fill(src, -1f);
      }
      assertThat(rt.stagedUploads() - staged).isEqualTo(ClStaging.SLOTS + uploads);
      for (int i = 0; i < uploads; i++) {
        Storage target = targets.get(i + 1);
        int size = target.size();
        assertSameFloats("upload " + i, download(target, size), patterned(i, size));
      }
    } finally {
      targets.forEach(backend::release);
    }
  }

  @Test
  void kernelsBetweenUploadsToOneBufferSeeEachUploadInTurn() {
    int size = 3_001;
    int rounds = 3 * ClStaging.SLOTS;
    int[] shape = {size};
    int[] strides = {1};
    float[] src = new float[size];
    float[] addend = random(size, 42);
    Storage a = backend.allocate(size);
    Storage b = backend.allocate(size);
    List<Storage> sums = new ArrayList<>();
    try {
      backend.upload(addend, 0, b, 0, size);
      for (int r = 0; r < rounds; r++) {
        System.arraycopy(patterned(r, size), 0, src, 0, size);
        backend.upload(src, 0, a, 0, size); // the same buffer each round
        Storage sum = backend.allocate(size);
        sums.add(sum);
        backend.binary(BinaryOp.ADD, shape, a, strides, b, strides, sum);
      }
      for (int r = 0; r < rounds; r++) {
        float[] expected = patterned(r, size);
        for (int j = 0; j < size; j++) {
          expected[j] += addend[j];
        }
        assertSameFloats("round " + r, download(sums.get(r), size), expected);
      }
    } finally {
      sums.forEach(backend::release);
      backend.release(b);
      backend.release(a);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {5, MIN + 3, LIMIT + 5})
  void offsetsInTheArrayAndTheStorageAreHonoured(int count) {
    int srcOffset = 3;
    int dstOffset = 11;
    int tail = 6;
    float sentinel = -7f;
    float[] src = random(srcOffset + count + 2, count);
    int size = dstOffset + count + tail;
    Storage storage = backend.allocate(size);
    try {
      backend.fill(storage, 0, size, sentinel);
      backend.upload(src, srcOffset, storage, dstOffset, count);
      float[] back = download(storage, size);
      float[] expected = new float[size];
      Arrays.fill(expected, sentinel);
      System.arraycopy(src, srcOffset, expected, dstOffset, count);
      assertSameFloats("count " + count, back, expected);
    } finally {
      backend.release(storage);
    }
  }

  @Test
  void slotsStopGrowingOnceTheSizesRepeat() {
    try (OpenClBackend fresh = (OpenClBackend) provider.create(BackendOptions.defaults())) {
      ClRuntime runtime = fresh.runtime();
      Storage storage = fresh.allocate(2 * MIN);
      float[] src = random(2 * MIN, 7);
      assertThat(runtime.stagingBuffersCreated()).isZero();
      for (int i = 0; i < ClStaging.SLOTS; i++) {
        fresh.upload(src, 0, storage, 0, 2 * MIN);
      }
      assertThat(runtime.stagingBuffersCreated())
          .as("one buffer a slot")
          .isEqualTo(ClStaging.SLOTS);
      for (int i = 0; i < 50; i++) {
        fresh.upload(src, 0, storage, 0, 1 + i * 601); // all within 2 * MIN
      }
      assertThat(runtime.stagingBuffersCreated())
          .as("after 50 uploads that fit")
          .isEqualTo(ClStaging.SLOTS);
      float[] larger = random(2 * MIN + 1, 8);
      Storage large = fresh.allocate(larger.length);
      fresh.upload(larger, 0, large, 0, larger.length);
      assertThat(runtime.stagingBuffersCreated())
          .as("one slot grown for a larger upload")
          .isEqualTo(ClStaging.SLOTS + 1);
      assertSameFloats("the larger upload", download(fresh, large, larger.length), larger);
    }
  }

  @Test
  void closeWithUploadsInFlightReleasesTheStagingAndLaterUseFails() {
    OpenClBackend closing = (OpenClBackend) provider.create(BackendOptions.defaults());
    ClRuntime runtime = closing.runtime();
    int size = 200_000;
    float[] src = random(size, 9);
    List<Storage> targets = new ArrayList<>();
    for (int i = 0; i < 3 * ClStaging.SLOTS + 2; i++) {
      Storage target = closing.allocate(size);
      targets.add(target);
      closing.upload(src, 0, target, 0, size);
    }
    assertThat(runtime.stagedUploads()).isEqualTo(targets.size());
    cl_mem mem = ((OpenClStorage) targets.get(0)).mem();

    closing.close();

    assertThat(runtime.isClosed()).isTrue();
    assertThatThrownBy(() -> closing.upload(src, 0, targets.get(0), 0, size))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released");
    assertThatThrownBy(() -> runtime.write(src, 0, mem, 0, size))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("upload: the OpenCL backend is closed");
    assertThatThrownBy(closing::synchronize)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("synchronize: the OpenCL backend is closed");
    assertThatThrownBy(() -> closing.allocate(size))
        .as("a new buffer on the released context")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the OpenCL backend is closed");
    assertThatCode(closing::close).as("a second close").doesNotThrowAnyException();
  }

  /** Enqueues a 1024³ product, which keeps PoCL on two cores busy for about 70 ms. */
  private void keepTheQueueBusy() {
    int n = 1024;
    Storage a = backend.allocate(n * n);
    Storage c = backend.allocate(n * n);
    backend.fill(a, 0, n * n, 0.5f);
    backend.matmul(MatmulSpec.of(n, n, n), a, a, c);
    backend.release(c);
    backend.release(a);
  }

  /** {@code size} values unique to upload {@code i}: {@code i·10⁶ + j}, exact in a float. */
  private static float[] patterned(int i, int size) {
    float[] values = new float[size];
    for (int j = 0; j < size; j++) {
      values[j] = i * 1_000_000f + j;
    }
    return values;
  }

  /** Bit-equal arrays, naming the first element that differs (AssertJ's check is quadratic). */
  private static void assertSameFloats(String what, float[] actual, float[] expected) {
    assertThat(actual.length).as(what + ": length").isEqualTo(expected.length);
    int at = Arrays.mismatch(actual, expected);
    if (at >= 0) {
      throw new AssertionError(
          what + ": element " + at + " is " + actual[at] + ", expected " + expected[at]);
    }
  }

  private float[] download(Storage storage, int size) {
    return download(backend, storage, size);
  }

  private static float[] download(OpenClBackend from, Storage storage, int size) {
    float[] back = new float[size];
    from.download(storage, 0, back, 0, size);
    return back;
  }

  private static float[] random(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }
}
