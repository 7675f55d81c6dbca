package dev.stratum.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/** Cases of allocate, release, liveStorages, upload, download and fill. All exact. */
final class MemoryConformance {

  private MemoryConformance() {}

  static List<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    cases.add(
        ConformanceCase.of(
            "memory allocate/release cycles", Kernel.MEMORY, ws -> cycles(ws.backend())));
    for (int n : Inputs.SIZES) {
      cases.add(
          ConformanceCase.of(
              "memory round trip [" + n + "]", Kernel.MEMORY, ws -> roundTrip(ws, n)));
    }
    cases.add(
        ConformanceCase.of(
            "memory upload/download with offsets", Kernel.MEMORY, MemoryConformance::offsets));
    for (int n : Inputs.SIZES) {
      for (float value : new float[] {2.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0f}) {
        cases.add(
            ConformanceCase.of(
                "fill [" + n + "] with " + value, Kernel.FILL, ws -> fill(ws, 0, n, 0, value)));
      }
    }
    cases.add(
        ConformanceCase.of(
            "fill offset 5 count 7 of 20", Kernel.FILL, ws -> fill(ws, 5, 7, 8, -3f)));
    cases.add(
        ConformanceCase.of("fill count 0 at offset 4", Kernel.FILL, ws -> fill(ws, 4, 0, 6, 1f)));
    return cases;
  }

  private static void cycles(Backend backend) {
    int start = backend.liveStorages();
    for (int cycle = 0; cycle < 3; cycle++) {
      int[] sizes = {0, 1, 1021};
      Storage[] storages = new Storage[sizes.length];
      for (int i = 0; i < sizes.length; i++) {
        storages[i] = backend.allocate(sizes[i]);
        assertThat(storages[i].size()).as("size of allocate(%d)", sizes[i]).isEqualTo(sizes[i]);
        assertThat(backend.liveStorages())
            .as("liveStorages after %d allocations", i + 1)
            .isEqualTo(start + i + 1);
      }
      for (int i = 0; i < sizes.length; i++) {
        backend.release(storages[i]);
      }
      assertThat(backend.liveStorages()).as("liveStorages after releasing all").isEqualTo(start);
    }
  }

  private static void roundTrip(Workspace ws, int n) {
    float[] data = Inputs.withSpecials(n, n, -5, 5);
    if (n > 1) {
      data[1] = Float.intBitsToFloat(0x7fc00123); // a NaN payload: "copies" means bit for bit
    }
    Storage storage = ws.input(data);
    Expect.identical("download after upload", ws.read(storage, n), data);
  }

  private static void offsets(Workspace ws) {
    Backend backend = ws.backend();
    float[] initial = Inputs.dyadic(1, 20);
    Storage storage = ws.input(initial);
    float[] src = Inputs.uniform(2, 15, -1, 1);
    backend.upload(src, 3, storage, 5, 9);
    backend.upload(src, 0, storage, 19, 0);
    float[] expected = initial.clone();
    System.arraycopy(src, 3, expected, 5, 9);
    Expect.identical("storage after upload of 9 at offset 5", ws.read(storage, 20), expected);

    float[] host = Inputs.dyadic(3, 16);
    float[] expectedHost = host.clone();
    backend.download(storage, 4, host, 2, 11);
    backend.download(storage, 0, host, 15, 0);
    System.arraycopy(expected, 4, expectedHost, 2, 11);
    Expect.identical("host array after download of 11 from offset 4", host, expectedHost);
  }

  private static void fill(Workspace ws, int offset, int count, int after, float value) {
    int size = offset + count + after;
    float[] initial = Inputs.dyadic(size, size);
    Storage storage = ws.input(initial);
    ws.backend().fill(storage, offset, count, value);
    double[] expected = Expect.toDouble(initial);
    java.util.Arrays.fill(expected, offset, offset + count, value);
    Expect.close("fill", ws.read(storage, size), expected, Tolerance.exact());
  }
}
