package dev.stratum.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.StandardLayers;
import dev.stratum.testing.ArchitectureFuzzing;
import dev.stratum.testing.MomentumSgd;
import dev.stratum.testing.TinyStack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzz targets for every reader of a checkpoint: the safetensors file, the checkpoint directory
 * (weights, architecture and optimizer files together) and the architecture JSON rebuilt through
 * the real layer registry. Each input must load or throw a {@link CheckpointException}; anything
 * else (a {@code BufferUnderflowException}, an {@code OutOfMemoryError}, a hang) is a finding.
 *
 * <p>A plain test run replays the corpus in {@code src/test/resources/.../CheckpointFuzzTestInputs}
 * (seeds from real checkpoints and every input that ever failed); {@code JAZZER_FUZZ=1} fuzzes, see
 * {@code docs/fuzzing.md}.
 */
class CheckpointFuzzTest {

  private static final Backend BACKEND = Backends.get("vector");
  private static final Path DIR = ArchitectureFuzzing.scratchDirectory("stratum-fuzz-");

  @FuzzTest(maxDuration = "10m")
  void safetensors(byte[] data) throws IOException {
    Path file = DIR.resolve("fuzz.safetensors");
    Files.write(file, data);
    try {
      SafeTensors.read(file);
    } catch (CheckpointException expected) {
      // the reader's own, clear refusal
    }
  }

  /**
   * The input is a checkpoint directory packed as three little-endian 32-bit lengths followed by
   * {@code model.safetensors}, {@code optimizer.safetensors}, {@code optimizer.json} of those
   * lengths (cut at the end of the input) and {@code model.json} (the rest); {@link #pack} makes
   * one.
   */
  @FuzzTest(maxDuration = "10m")
  void checkpointDirectory(byte[] data) throws IOException {
    Path dir = unpack(data, DIR.resolve("ckpt"));
    TinyStack model = TinyStack.mlp(BACKEND, 2, 3, 2, 1);
    try (MomentumSgd optimizer = new MomentumSgd(model.parameters(), 0.1, 0.9f)) {
      Checkpoint.load(dir, model, optimizer);
    } catch (CheckpointException expected) {
      // the loader's own, clear refusal
    } finally {
      model.close();
    }
  }

  /** {@code model.json} rebuilt through the layers' own registry, beside a fixed weights file. */
  @FuzzTest(maxDuration = "10m")
  void architectureJson(byte[] json) throws IOException {
    ArchitectureFuzzing.loadOrRefuse(
        DIR.resolve("arch"),
        json,
        BACKEND,
        StandardLayers.factories(),
        () -> StandardLayers.build(BACKEND, "dense", Map.of("inFeatures", 2, "outFeatures", 3)));
  }

  static Path unpack(byte[] data, Path dir) throws IOException {
    CheckpointDirectory.deleteTree(dir);
    Files.createDirectories(dir);
    String[] names = {
      Checkpoint.MODEL_WEIGHTS, Checkpoint.OPTIMIZER_STATE, Checkpoint.OPTIMIZER_JSON
    };
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int[] lengths = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      lengths[i] = in.remaining() >= 4 ? in.getInt() & 0x7fffffff : 0;
    }
    for (int i = 0; i < names.length; i++) {
      int n = Math.min(lengths[i], in.remaining());
      byte[] bytes = new byte[n];
      in.get(bytes);
      Files.write(dir.resolve(names[i]), bytes);
    }
    byte[] rest = new byte[in.remaining()];
    in.get(rest);
    Files.write(dir.resolve(Checkpoint.MODEL_JSON), rest);
    return dir;
  }

  /** The inverse of {@link #unpack}: a seed from a real checkpoint directory. */
  static byte[] pack(Path dir) throws IOException {
    byte[][] parts = {
      Files.readAllBytes(dir.resolve(Checkpoint.MODEL_WEIGHTS)),
      Files.readAllBytes(dir.resolve(Checkpoint.OPTIMIZER_STATE)),
      Files.readAllBytes(dir.resolve(Checkpoint.OPTIMIZER_JSON)),
      Files.readAllBytes(dir.resolve(Checkpoint.MODEL_JSON))
    };
    ByteBuffer out =
        ByteBuffer.allocate(12 + Arrays.stream(parts).mapToInt(p -> p.length).sum())
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 3; i++) {
      out.putInt(parts[i].length);
    }
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }
}
