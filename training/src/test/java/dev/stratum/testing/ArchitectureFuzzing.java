package dev.stratum.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.checkpoint.CheckpointException;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every fuzz target of an architecture JSON does, whichever module's layer types its registry
 * holds: the input becomes {@code model.json} beside a fixed weights file and is rebuilt with
 * {@code Checkpoint.loadModel}; it must load or throw a {@link CheckpointException}. Also checks
 * that a target's seed corpus is what the project writes today.
 */
public final class ArchitectureFuzzing {

  /**
   * A system property naming a test-resources folder (relative paths resolve against the module's
   * folder, where surefire starts the tests): when set, {@link #checkSeeds} (re)writes the seeds
   * there instead of comparing: {@code ./mvnw -pl recurrent -am test
   * -Dtest='RecurrentJsonFuzzTest#theSeeds*' -Dsurefire.failIfNoSpecifiedTests=false
   * -Dstratum.fuzz.writeSeeds=src/test/resources}.
   */
  public static final String WRITE_SEEDS = "stratum.fuzz.writeSeeds";

  private ArchitectureFuzzing() {}

  /**
   * A fresh temporary directory for a fuzz target's files, made once per test JVM (a fuzz target's
   * method runs once per input, so it cannot take a {@code @TempDir}).
   */
  public static Path scratchDirectory(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code json} as {@code dir}'s {@code model.json} beside the weights of {@code weights}
   * (saved once, on the first call) and loads the model through {@code registry}: it loads, or
   * refuses with a {@link CheckpointException} (an unregistered type, a bad config, weights that do
   * not fit); any other throwable reaches the fuzzer as a finding.
   */
  public static void loadOrRefuse(
      Path dir,
      byte[] json,
      Backend backend,
      Map<String, LayerFactory> registry,
      Supplier<Layer> weights)
      throws IOException {
    if (!Files.exists(dir.resolve(Checkpoint.MODEL_WEIGHTS))) {
      try (Layer model = weights.get()) {
        Checkpoint.save(dir, model);
      }
    }
    Files.write(dir.resolve(Checkpoint.MODEL_JSON), json);
    try (Layer restored = Checkpoint.loadModel(dir, backend, registry)) {
      // loaded: a model the weights file fits
    } catch (CheckpointException expected) {
      // the loader's own refusal, with a message
    }
  }

  /**
   * Checks that each seed of {@code fuzzTest}'s {@code method} (the file {@code <package>/<Class>
   * Inputs/<method>/<name>} on the test class path) is the {@code model.json} the project writes
   * for {@code models.get(name)}, byte for byte, and that each model loads back through {@code
   * registry}; with {@link #WRITE_SEEDS} set, writes them there instead.
   */
  public static void checkSeeds(
      Class<?> fuzzTest,
      String method,
      Path temp,
      Backend backend,
      Map<String, LayerFactory> registry,
      Map<String, Supplier<Layer>> models)
      throws IOException {
    String folder =
        fuzzTest.getPackageName().replace('.', '/')
            + "/"
            + fuzzTest.getSimpleName()
            + "Inputs/"
            + method
            + "/";
    String writeTo = System.getProperty(WRITE_SEEDS);
    for (Map.Entry<String, Supplier<Layer>> seed : models.entrySet()) {
      Path dir = temp.resolve(seed.getKey());
      try (Layer model = seed.getValue().get()) {
        Checkpoint.save(dir, model);
      }
      byte[] written = Files.readAllBytes(dir.resolve(Checkpoint.MODEL_JSON));
      try (Layer restored = Checkpoint.loadModel(dir, backend, registry)) {
        assertThat(restored.config()).as(seed.getKey()).isNotNull();
      }
      if (writeTo != null) {
        Path file = Path.of(writeTo).resolve(folder + seed.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, written);
        continue;
      }
      try (InputStream in = fuzzTest.getClassLoader().getResourceAsStream(folder + seed.getKey())) {
        assertThat(in)
            .as("seed %s%s (write the seeds with -D%s=...)", folder, seed.getKey(), WRITE_SEEDS)
            .isNotNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .as("seed %s%s", folder, seed.getKey())
            .isEqualTo(new String(written, StandardCharsets.UTF_8));
      }
    }
  }
}
