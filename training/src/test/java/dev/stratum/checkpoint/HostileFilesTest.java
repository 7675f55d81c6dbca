package dev.stratum.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.testing.TinyStack;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written to attack or confuse the reader: sizes and offsets far beyond the file, headers too
 * long or too deep, links out of the checkpoint directory, unregistered layer types, and damaged
 * weights. Each gets a {@link CheckpointException} naming the problem, never an allocation the file
 * cannot back.
 */
class HostileFilesTest {

  @TempDir Path dir;

  private Path safetensors(long headerLength, String header, int dataBytes) throws IOException {
    byte[] text = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength).put(text);
    Path file = dir.resolve("hostile.safetensors");
    Files.write(file, b.array());
    return file;
  }

  private Path safetensors(String header, int dataBytes) throws IOException {
    return safetensors(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
  }

  @Test
  void hugeShapesAndOffsetsAllocateNothing() throws IOException {
    // 2^31-1 floats (8 GiB) claimed by a 100-byte file: refused before any array is made
    Path file =
        safetensors(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647],\"data_offsets\":[0,8589934588]}}",
            16);
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            file
                + ": tensor 'w': data_offsets [0, 8589934588] are out of range for a data"
                + " section of 16 bytes");
    Path overflow =
        safetensors(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
                + "\"data_offsets\":[0,4]}}",
            4);
    assertThatThrownBy(() -> SafeTensors.read(overflow))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("2147483647");
    Path hugeNumber =
        safetensors(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
            4);
    assertThatThrownBy(() -> SafeTensors.read(hugeNumber))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("data_offsets must hold non-negative integers");
  }

  @Test
  void theHeaderLengthIsBoundedEvenWhenTheFileIsThatLong() throws IOException {
    Path file = dir.resolve("long.safetensors");
    long claimed = SafeTensors.MAX_HEADER_BYTES + 8;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(claimed + 16); // sparse: no disk is spent on the zeros
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed).array());
    }
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            file
                + ": header length "
                + claimed
                + " exceeds "
                + SafeTensors.MAX_HEADER_BYTES
                + " bytes");
    Path negative = safetensors(-8, "{}", 0);
    assertThatThrownBy(() -> SafeTensors.read(negative))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("header length 18446744073709551608 goes beyond the file size");
  }

  @Test
  void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack() throws IOException {
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    Path file = safetensors(deep, 0);
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file + ": the safetensors header is not valid JSON")
        .hasMessageContaining("nesting depth")
        .hasMessageContaining(String.valueOf(SafeTensorsHeader.MAX_NESTING_DEPTH));

    Backend backend = Backends.get("vector");
    Path ckpt = dir.resolve("ckpt");
    Checkpoint.save(ckpt, TinyStack.mlp(backend, 2, 3, 2, 1));
    Files.writeString(ckpt.resolve(Checkpoint.MODEL_JSON), deep);
    assertThatThrownBy(() -> Checkpoint.loadModel(ckpt, backend, TinyStack.REGISTRY))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.json: not a valid JSON object")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void architectureJsonBuildsOnlyRegisteredTypes() throws IOException {
    Backend backend = Backends.get("vector");
    Path ckpt = dir.resolve("ckpt");
    Checkpoint.save(ckpt, TinyStack.mlp(backend, 2, 3, 2, 1));
    Path json = ckpt.resolve(Checkpoint.MODEL_JSON).toAbsolutePath();
    // a class name is just an unknown type name: nothing is loaded by reflection
    Files.writeString(json, "{\"type\":\"java.lang.ProcessBuilder\",\"config\":{}}");
    assertThatThrownBy(() -> Checkpoint.loadModel(ckpt, backend, TinyStack.REGISTRY))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            json
                + ": no layer factory registered for type 'java.lang.ProcessBuilder' (registered:"
                + " [tiny_linear, tiny_stack]); add the module that provides it");
    // the same inside a container, through the real layer registry
    Files.writeString(
        json,
        "{\"type\":\"sequential\",\"config\":{\"layers\":[{\"type\":\"java.lang.Runtime\","
            + "\"config\":{}}]}}");
    assertThatThrownBy(
            () ->
                Checkpoint.loadModel(ckpt, backend, dev.stratum.layers.StandardLayers.factories()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(json + ": ")
        .hasMessageContaining("java.lang.Runtime");
  }

  @Test
  void aLinkOutOfTheCheckpointDirectoryIsRefused() throws IOException {
    Backend backend = Backends.get("vector");
    Path ckpt = dir.resolve("ckpt");
    TinyStack model = TinyStack.mlp(backend, 2, 3, 2, 1);
    Checkpoint.save(ckpt, model);
    Path outside = dir.resolve("elsewhere.safetensors");
    Path weights = ckpt.resolve(Checkpoint.MODEL_WEIGHTS).toAbsolutePath();
    Files.move(weights, outside);
    Files.createSymbolicLink(weights, outside);
    assertThatThrownBy(() -> Checkpoint.load(ckpt, model))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            weights
                + ": is a symbolic link (to "
                + outside
                + "); a checkpoint's files must lie inside its directory, so links are refused");
  }

  @Test
  void aThousandRandomBytesOverTheWeightsAreCaughtAndTheTensorNamed() throws IOException {
    Backend backend = Backends.get("vector");
    Path ckpt = dir.resolve("ckpt");
    TinyStack saved = TinyStack.mlp(backend, 64, 32, 10, 3);
    Checkpoint.save(ckpt, saved);
    Path weights = ckpt.resolve(Checkpoint.MODEL_WEIGHTS).toAbsolutePath();
    byte[] bytes = Files.readAllBytes(weights);
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int dataStart = (int) (8 + headerLength);
    // the first tensor ("0.weight", 64 × 32 floats) spans the first 8,192 data bytes
    Random random = new Random(14);
    int at = dataStart + 1000;
    byte[] noise = new byte[1000];
    random.nextBytes(noise);
    System.arraycopy(noise, 0, bytes, at, noise.length);
    Files.write(weights, bytes);

    TinyStack target = TinyStack.mlp(backend, 64, 32, 10, 9);
    float[] before = target.parameters().get("0.weight").toArray();
    assertThatThrownBy(() -> Checkpoint.load(ckpt, target))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(weights + ": tensor '0.weight' is damaged: its CRC32 is ")
        .hasMessageContaining("but the file's stratum.crc32 says");
    assertThat(target.parameters().get("0.weight").toArray()).isEqualTo(before);
  }

  @Test
  void filesWithoutChecksumsStillLoadAndTheKeyStaysOutOfTheMetadata() throws IOException {
    Path file =
        safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}    ", 8);
    assertThat(SafeTensors.read(file).tensors().get("w").data()).containsExactly(0f, 0f);

    Path written = dir.resolve("w.safetensors");
    SafeTensors.write(
        written, Map.of("w", new HostTensor(new int[] {2}, new float[] {1, 2})), Map.of("k", "v"));
    assertThat(Files.readString(written, StandardCharsets.ISO_8859_1))
        .contains("\"stratum.crc32\":\"{\\\"w\\\":\\\"");
    assertThat(SafeTensors.read(written).metadata()).isEqualTo(Map.of("k", "v"));
    assertThatThrownBy(
            () ->
                SafeTensors.write(
                    written,
                    Map.of("w", new HostTensor(new int[] {1}, new float[] {1})),
                    Map.of(SafeTensors.CHECKSUM_KEY, "forged")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key stratum.crc32 is reserved");
  }

  @Test
  void aForgedChecksumEntryIsNamed() throws IOException {
    String header =
        "{\"__metadata__\":{\"stratum.crc32\":\"{\\\"v\\\":\\\"00000000\\\"}\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    Path file = safetensors(header, 4);
    assertThatThrownBy(() -> SafeTensors.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            file + ": __metadata__ stratum.crc32 names tensor 'v', which the file does not hold");
  }
}
