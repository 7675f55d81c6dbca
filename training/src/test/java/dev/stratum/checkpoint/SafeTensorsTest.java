package dev.stratum.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @TempDir Path dir;

  /** Values whose bits a careless round trip would change. */
  static final float[] SPECIAL = {
    Float.intBitsToFloat(0x7fc12345), // quiet NaN with a payload
    Float.intBitsToFloat(0xffc00000), // negative NaN
    -0f,
    0f,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.MIN_VALUE,
    -Float.MAX_VALUE
  };

  static Map<String, HostTensor> sample() {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("special", new HostTensor(new int[] {2, 4}, SPECIAL.clone()));
    tensors.put("scalar", new HostTensor(new int[] {}, new float[] {3.5f}));
    tensors.put("empty", new HostTensor(new int[] {0, 3}, new float[0]));
    float[] ramp = new float[2 * 3 * 5];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = i * 0.25f - 3;
    }
    tensors.put("layer.0.weight", new HostTensor(new int[] {2, 3, 5}, ramp));
    return tensors;
  }

  @Test
  void roundTripIsBitExact() throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, sample(), Map.of("epoch", "3", "note", "ünïcödé"));

    SafeTensors.Contents read = SafeTensors.read(file);
    assertThat(read.tensors().keySet())
        .containsExactly("special", "scalar", "empty", "layer.0.weight");
    sample()
        .forEach((name, t) -> assertThat(read.tensors().get(name).bitEquals(t)).as(name).isTrue());
    assertThat(read.metadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("epoch", "3", "note", "ünïcödé"));
  }

  /** Reads the file with nothing but a byte buffer and a JSON parser, as the format describes. */
  @Test
  @SuppressWarnings("unchecked")
  void layoutFollowsTheSpecification() throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, sample(), Map.of("format", "stratum"));
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);

    long n = bytes.getLong(0);
    assertThat((8 + n) % 8).as("data starts 8-byte aligned").isZero();
    String header = new String(bytes.array(), 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{");
    assertThat(header.substring(header.lastIndexOf('}') + 1)).matches(" *");
    Map<String, Object> json = JSON.std.mapFrom(header);
    assertThat((Map<String, Object>) json.get("__metadata__"))
        .containsEntry("format", "stratum")
        .containsOnlyKeys("format", SafeTensors.CHECKSUM_KEY);
    Map<?, ?> special = (Map<?, ?>) json.get("special");
    assertThat(special.get("dtype")).isEqualTo("F32");
    assertThat(special.get("shape")).isEqualTo(List.of(2, 4));
    List<?> offsets = (List<?>) special.get("data_offsets");
    int begin = ((Number) offsets.get(0)).intValue();
    assertThat(((Number) offsets.get(1)).intValue() - begin).isEqualTo(32);
    for (int i = 0; i < SPECIAL.length; i++) {
      assertThat(bytes.getInt((int) (8 + n) + begin + 4 * i))
          .isEqualTo(Float.floatToRawIntBits(SPECIAL[i]));
    }
    Map<?, ?> last = (Map<?, ?>) json.get("layer.0.weight");
    assertThat(((Number) ((List<?>) last.get("data_offsets")).get(1)).longValue())
        .as("the tensors end where the file ends")
        .isEqualTo(bytes.capacity() - 8 - n);
  }

  @Test
  void atomicWriteThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, sample(), Map.of());
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    channel -> {
                      channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                      throw new IOException("disk full (simulated)");
                    }))
        .hasMessage("disk full (simulated)");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.safetensors");
    }
  }

  // ---------------------------------------------------------------- corrupt files

  /** A file from a header text and raw data, the header length given explicitly. */
  private Path file(long headerLength, String header, byte[] data) throws IOException {
    byte[] text = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength).put(text).put(data);
    Path file = dir.resolve("bad.safetensors");
    Files.write(file, b.array());
    return file;
  }

  private Path file(String header, int dataBytes) throws IOException {
    return file(header.getBytes(StandardCharsets.UTF_8).length, header, new byte[dataBytes]);
  }

  private void assertCorrupt(Path file, String message) {
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(file + ": " + message);
  }

  @Test
  void truncatedFilesAreNamed() throws IOException {
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[5]);
    assertCorrupt(tiny, "5 bytes is too short for a safetensors file (at least 8)");
    assertCorrupt(
        file(1000, "{}", new byte[0]),
        "header length 1000 goes beyond the file size of 10 bytes (truncated or not a"
            + " safetensors file)");
    assertCorrupt(
        file(-1, "{}", new byte[0]),
        "header length 18446744073709551615 goes beyond the file size of 10 bytes (truncated or"
            + " not a safetensors file)");

    // a good file cut inside its data: the last tensor's offsets now point past the end
    Path good = dir.resolve("good.safetensors");
    SafeTensors.write(good, Map.of("w", new HostTensor(new int[] {4}, new float[4])), Map.of());
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 6));
    assertCorrupt(
        cut, "tensor 'w': data_offsets [0, 16] are out of range for a data section of 10 bytes");
  }

  @Test
  void malformedHeadersAreNamed() throws IOException {
    assertCorrupt(file("[1, 2]", 0), "the safetensors header does not start with '{'");
    assertThatThrownBy(() -> SafeTensors.read(file("{\"a\": ", 0)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(
            dir.resolve("bad.safetensors") + ": the safetensors header is not valid JSON: ");
    assertThatThrownBy(
            () ->
                SafeTensors.read(
                    file(
                        "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                            + " \"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4,"
                            + " 8]}}",
                        8)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("Duplicate field 'w'");
    assertCorrupt(
        file("{\"__metadata__\": {\"epoch\": 3}}", 0),
        "__metadata__ value of 'epoch' is not a string: 3");
    assertCorrupt(
        file("{\"w\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': shape must hold non-negative integers, got -1");
    assertCorrupt(
        file("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}", 4),
        "tensor 'w': data_offsets must be a list [begin, end], got [0]");
  }

  @Test
  void dtypesOtherThanF32AreRefused() throws IOException {
    assertCorrupt(
        file("{\"w\": {\"dtype\": \"Q7\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': unsupported dtype Q7 (Stratum reads F32 tensors only)");
    assertCorrupt(
        file("{\"w\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': unsupported dtype F16 (Stratum reads F32 tensors only)");
  }

  @Test
  void offsetsMustFitTheShapeAndTileTheData() throws IOException {
    assertCorrupt(
        file("{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 20]}}", 20),
        "tensor 'w': shape [2, 3] needs 24 bytes of F32 but data_offsets [0, 20] hold 20");
    assertCorrupt(
        file("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 0]}}", 8),
        "tensor 'w': data_offsets [8, 0] are out of range for a data section of 8 bytes");
    assertCorrupt(
        file(
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}",
            12),
        "tensors 'a' [0, 8] and 'b' [4, 12] overlap");
    assertCorrupt(
        file(
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 12]}}",
            12),
        "bytes [4, 8) of the data belong to no tensor");
    assertCorrupt(
        file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 12),
        "bytes [4, 12) of the data belong to no tensor");
  }

  // ---------------------------------------------------------------- NumPy, when installed

  /**
   * Optional cross-check: NumPy reads the file by the specification alone (json + frombuffer) and
   * prints every tensor's shape and raw bits. Skipped, saying so, where /usr/bin/python3 or NumPy
   * is absent; under CI=true (.ci/run installs python3-numpy) it fails instead.
   */
  @Test
  void numpyReadsTheSameBits() throws Exception {
    if (!PythonCheck.numpyAvailable()) {
      String missing =
          "/usr/bin/python3 with NumPy is not installed: apt-get install python3-numpy";
      // CI installs it (.ci/run), so there the cross-check must run
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      org.junit.jupiter.api.Assumptions.abort("skipped: " + missing);
    }
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, sample(), Map.of("epoch", "3"));
    String script =
        String.join(
            "\n",
            "import json, struct, sys, zlib, numpy as np",
            "raw = open(sys.argv[1], 'rb').read()",
            "(n,) = struct.unpack('<Q', raw[:8])",
            "header = json.loads(raw[8:8 + n])",
            "meta = header.pop('__metadata__')",
            "sums = json.loads(meta.pop('stratum.crc32'))",
            "out = {'__metadata__': meta}",
            "for name, e in header.items():",
            "    b, end = e['data_offsets']",
            "    a = np.frombuffer(raw[8 + n + b:8 + n + end], dtype='<f4').reshape(e['shape'])",
            "    out[name] = {'shape': list(a.shape), 'bits': a.view('<u4').ravel().tolist(),",
            "                 'crc_ok': zlib.crc32(raw[8 + n + b:8 + n + end]) == int(sums[name], 16)}",
            "print(json.dumps(out))");
    Map<String, Object> numpy = JSON.std.mapFrom(PythonCheck.run(script, file));

    assertThat(numpy.get("__metadata__")).isEqualTo(Map.of("epoch", "3"));
    sample()
        .forEach(
            (name, t) -> {
              Map<?, ?> seen = (Map<?, ?>) numpy.get(name);
              assertThat(seen.get("shape")).as(name).isEqualTo(toList(t.shape()));
              assertThat(seen.get("crc_ok")).as(name + ": zlib.crc32 agrees").isEqualTo(true);
              List<Long> bits = new java.util.ArrayList<>();
              for (float v : t.data()) {
                bits.add(Integer.toUnsignedLong(Float.floatToRawIntBits(v)));
              }
              assertThat(((List<?>) seen.get("bits")).stream().map(o -> ((Number) o).longValue()))
                  .as(name)
                  .containsExactlyElementsOf(bits);
            });
  }

  private static List<Integer> toList(int[] shape) {
    return Arrays.stream(shape).boxed().toList();
  }
}
