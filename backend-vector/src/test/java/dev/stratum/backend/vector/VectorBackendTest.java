package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.BackendProvider;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VectorBackendTest extends KernelFixture {

  @Test
  void providerIsRegisteredAndAvailableWithTheModule() {
    List<BackendProvider> providers =
        ServiceLoader.load(BackendProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    assertThat(providers).anyMatch(p -> p instanceof VectorBackendProvider);
    VectorBackendProvider provider = new VectorBackendProvider();
    assertThat(provider.name()).isEqualTo("vector");
    assertThat(provider.priority()).isEqualTo(100);
    assertThat(provider.probe().isAvailable()).isTrue();
  }

  @Test
  void probeWithoutTheModuleExplainsHowToAddIt() throws IOException, InterruptedException {
    String output = ChildJvm.run(ProbeWithoutModule.class);
    assertThat(output)
        .contains("available=false")
        .contains(
            "module jdk.incubator.vector is not resolved: start java with --add-modules "
                + "jdk.incubator.vector (or set JDK_JAVA_OPTIONS=\"--add-modules "
                + "jdk.incubator.vector\")");
  }

  @Test
  void optionsChooseThreadsAndPath() {
    VectorBackendProvider provider = new VectorBackendProvider();
    try (VectorBackend one = (VectorBackend) provider.create(BackendOptions.of("threads", "1"))) {
      assertThat(one.simd()).isTrue();
      assertThat(one.name()).isEqualTo("vector");
      assertThat(one.device())
          .startsWith("CPU, 1 thread, ")
          .contains(Simd.LANES + "-lane float SIMD");
    }
    assertThat(SCALAR.simd()).isFalse();
    assertThat(SCALAR.device()).isEqualTo("CPU, 3 threads, scalar path");
    String old = System.getProperty(VectorBackendProvider.SCALAR);
    System.setProperty(VectorBackendProvider.SCALAR, "true");
    try (VectorBackend byProperty = (VectorBackend) provider.create(BackendOptions.defaults())) {
      assertThat(byProperty.simd()).isFalse();
      assertThat(byProperty.device())
          .startsWith("CPU, " + Runtime.getRuntime().availableProcessors() + " thread");
    } finally {
      if (old == null) {
        System.clearProperty(VectorBackendProvider.SCALAR);
      } else {
        System.setProperty(VectorBackendProvider.SCALAR, old);
      }
    }
    assertThatThrownBy(() -> provider.create(BackendOptions.of("threads", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> provider.create(BackendOptions.of("poolBytes", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolBytes")
        .hasMessageContaining("'lots'");
    assertThatThrownBy(() -> provider.create(BackendOptions.of("threads", "two")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'two'");
  }

  @Test
  void allocateChecksTheSize() {
    assertThatThrownBy(() -> SIMD.allocate(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> SIMD.allocate(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(Integer.MAX_VALUE));
    Storage empty = SIMD.allocate(0);
    assertThat(empty.size()).isZero();
    SIMD.release(empty);
  }

  @Test
  void moreThanTheHeapLimitIsRefusedWithTheBytesRequestedAndTheLimit() {
    long max = Runtime.getRuntime().maxMemory();
    int size = (int) Math.min(Integer.MAX_VALUE - 8, max / 4 + 1);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        4L * size > max,
        "the heap limit ("
            + max
            + " bytes) exceeds the largest float array, so no request here can pass it;"
            + " aSmallHeapGetsBothRefusalsWithTheBytesRequestedAndAvailable checks the refusal"
            + " in a child JVM with -Xmx64m");
    assertThatThrownBy(() -> SIMD.allocate(size))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "vector backend: cannot allocate "
                + 4L * size
                + " bytes ("
                + size
                + " floats): the Java heap limit is "
                + max
                + " bytes; raise it with -Xmx");
  }

  /**
   * Both of {@code allocate}'s answers when the heap is too small, in a child JVM with a 64 MB heap
   * (so that nothing large is allocated here, and the test does not depend on this JVM's limit, as
   * the one above does): a request beyond the limit is refused before trying, and a request that
   * the full heap cannot hold gets the bytes requested and about how many are free instead of a
   * bare {@link OutOfMemoryError}.
   */
  @Test
  void aSmallHeapGetsBothRefusalsWithTheBytesRequestedAndAvailable() throws Exception {
    String output =
        ChildJvm.run(
            HeapLimitChild.class,
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "--add-modules",
            "jdk.incubator.vector");
    Matcher max = Pattern.compile("(?m)^max=(\\d+)$").matcher(output);
    assertThat(max.find()).as(output).isTrue();
    long limit = Long.parseLong(max.group(1));
    assertThat(limit).as("the child's heap limit").isLessThanOrEqualTo(64L << 20);
    assertThat(output)
        .contains(
            "beyond: IllegalArgumentException: vector backend: cannot allocate 128000000 bytes"
                + " (32000000 floats): the Java heap limit is "
                + limit
                + " bytes; raise it with -Xmx\n");
    Matcher fill =
        Pattern.compile(
                "(?m)^held=(\\d+)\n"
                    + "fill: IllegalStateException: vector backend: out of heap allocating 16000000"
                    + " bytes \\(4000000 floats\\); about (-?\\d+) bytes of the "
                    + limit
                    + "-byte heap limit are free; raise it with -Xmx or release tensors\n"
                    + "cause: OutOfMemoryError$")
            .matcher(output);
    assertThat(fill.find()).as(output).isTrue();
    // 16 MB storages in a 64 MB heap: at least one fits, and never four
    assertThat(Integer.parseInt(fill.group(1))).isBetween(1, 3);
    assertThat(Long.parseLong(fill.group(2))).isBetween(0L, limit);
  }

  @Test
  void poolReusesReleasedArraysOfTheSameSizeAndCountsLiveStorages() {
    try (VectorBackend backend = create(false)) {
      Storage a = backend.allocate(1000);
      Storage b = backend.allocate(1000);
      assertThat(backend.liveStorages()).isEqualTo(2);
      float[] array = ((VectorStorage) a).data();
      backend.release(a);
      assertThat(backend.liveStorages()).isEqualTo(1);
      assertThat(backend.pooledBytes()).isEqualTo(4000);
      Storage other = backend.allocate(999);
      assertThat(((VectorStorage) other).data()).isNotSameAs(array).hasSize(999);
      Storage again = backend.allocate(1000);
      assertThat(((VectorStorage) again).data()).isSameAs(array);
      assertThat(backend.pooledBytes()).isZero();
      assertThat(backend.liveStorages()).isEqualTo(3);
      backend.release(b);
      backend.release(other);
      backend.release(again);
      assertThat(backend.liveStorages()).isZero();
    }
  }

  @Test
  void poolKeepsAFewArraysPerSizeWithinItsByteCap() {
    try (VectorBackend backend = create(false)) {
      Storage[] storages = new Storage[VectorBackendProvider.POOL_PER_SIZE + 2];
      for (int i = 0; i < storages.length; i++) {
        storages[i] = backend.allocate(100);
      }
      for (Storage storage : storages) {
        backend.release(storage);
      }
      assertThat(backend.pooledBytes())
          .as("at most POOL_PER_SIZE arrays of one size")
          .isEqualTo(400L * VectorBackendProvider.POOL_PER_SIZE);
    }
    try (VectorBackend small =
        (VectorBackend)
            new VectorBackendProvider()
                .create(new BackendOptions(Map.of("threads", "1", "poolBytes", "0")))) {
      small.release(small.allocate(10));
      assertThat(small.pooledBytes()).isZero();
    }
  }

  @Test
  void releaseTwiceOrOfAForeignStorageFailsWithoutHarm() {
    try (VectorBackend backend = create(false);
        VectorBackend other = create(false)) {
      Storage s = backend.allocate(64);
      backend.release(s);
      assertThatThrownBy(() -> backend.release(s))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already released");
      assertThat(backend.liveStorages()).isZero();
      assertThat(backend.pooledBytes()).as("the array is pooled once").isEqualTo(256);
      assertThatThrownBy(() -> backend.fill(s, 0, 1, 1f))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after it was released");
      Storage foreign = () -> 64;
      assertThatThrownBy(() -> backend.release(foreign))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not belong to the vector backend");
      Storage theirs = other.allocate(64);
      assertThatThrownBy(() -> backend.release(theirs))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another vector backend");
      assertThat(other.liveStorages()).isEqualTo(1);
      other.release(theirs);
    }
  }

  @Test
  void uploadAndDownloadRespectOffsets() {
    for (VectorBackend backend : both()) {
      Storage s = backend.allocate(10);
      backend.fill(s, 0, 10, 0f);
      backend.upload(new float[] {9f, 1f, 2f, 3f}, 1, s, 4, 3);
      float[] got = new float[6];
      backend.download(s, 3, got, 1, 5);
      assertThat(got).containsExactly(0f, 0f, 1f, 2f, 3f, 0f);
      backend.release(s);
    }
  }

  @Test
  void transfersAndFillsOutsideTheirArraysFailBeforeWritingAnything() {
    try (VectorBackend backend = create(false)) {
      Storage s = backend.allocate(4);
      backend.fill(s, 0, 4, 7f);
      assertThatThrownBy(() -> backend.upload(new float[3], 0, s, 2, 3))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("upload destination: offset 2 and count 3 exceed the length 4");
      assertThatThrownBy(() -> backend.download(s, 0, new float[2], 1, 2))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("download destination: offset 1 and count 2 exceed the length 2");
      assertThatThrownBy(() -> backend.fill(s, 1, 4, 0f))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("fill: offset 1 and count 4 exceed the length 4");
      float[] got = new float[4];
      backend.download(s, 0, got, 0, 4);
      assertThat(got).as("untouched").containsOnly(7f);
      backend.release(s);
    }
  }

  @Test
  void matmulOnBothPathsMatchesTheDefinition() {
    MatmulSpec[] specs = {
      MatmulSpec.of(1, 1, 1),
      MatmulSpec.of(7, 17, 33),
      new MatmulSpec(3, 5, 9, 4, true, false, 20, 36),
      new MatmulSpec(2, 6, 7, 33, false, true, 6 * 33, 0),
      new MatmulSpec(2, 4, 3, 5, true, true, 20, 15),
      MatmulSpec.of(3, 4, 0)
    };
    for (MatmulSpec spec : specs) {
      int aSize = Math.max(1, (spec.batch() - 1) * spec.aBatchStride() + spec.m() * spec.k());
      int bSize = Math.max(1, (spec.batch() - 1) * spec.bBatchStride() + spec.k() * spec.n());
      float[] a = randoms(aSize, 1, -1f, 1f);
      float[] b = randoms(bSize, 2, -1f, 1f);
      double[] want = new double[spec.batch() * spec.m() * spec.n()];
      for (int t = 0; t < spec.batch(); t++) {
        for (int i = 0; i < spec.m(); i++) {
          for (int j = 0; j < spec.n(); j++) {
            double sum = 0;
            for (int p = 0; p < spec.k(); p++) {
              float av =
                  spec.transA()
                      ? a[t * spec.aBatchStride() + p * spec.m() + i]
                      : a[t * spec.aBatchStride() + i * spec.k() + p];
              float bv =
                  spec.transB()
                      ? b[t * spec.bBatchStride() + j * spec.k() + p]
                      : b[t * spec.bBatchStride() + p * spec.n() + j];
              sum += (double) av * bv;
            }
            want[(t * spec.m() + i) * spec.n() + j] = sum;
          }
        }
      }
      for (VectorBackend backend : both()) {
        Storage sa = put(backend, a);
        Storage sb = put(backend, b);
        Storage c = backend.allocate(want.length);
        backend.fill(c, 0, want.length, Float.NaN);
        backend.matmul(spec, sa, sb, c);
        // k float products summed in float, terms below 1: k * 2^-24 absolute with margin
        assertClose(
            get(backend, c), want, 0, 1e-6 * (spec.k() + 1), backend.device() + " matmul " + spec);
        backend.release(sa);
        backend.release(sb);
        backend.release(c);
      }
    }
  }
}
