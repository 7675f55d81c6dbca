package dev.stratum.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.StateDict;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A safetensors file written from a PyTorch 1.13 {@code state_dict} ({@code
 * training/src/test/python/pytorch_state_dict.py}, keys {@code encoder.0.weight}, ...) loaded by
 * name into a Stratum model, which then gives PyTorch's output within 1e-6 (float32 sums of four
 * terms); and save/load round trips, bit for bit.
 */
class StateDictFilesTest {

  static java.util.stream.Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(StateDictFilesTest.class.getResource(name).toURI());
  }

  static Sequential mlp(Backend b) {
    LayerOptions options = LayerOptions.defaults().on(b).toBeLoaded();
    return new Sequential(
        new Dense(3, 4, options), new Activation.ReLU(), new Dense(4, 2, options));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void loadsAPyTorchFileByRenamedKeysAndReproducesItsOutput(String name) throws Exception {
    Backend b = Backends.get(name);
    String[] lines = Files.readString(resource("pytorch-mlp-output.txt")).split("\n");
    String[] values = lines[1].trim().split(" ");
    try (Sequential model = mlp(b);
        TensorScope scope = TensorScope.open()) {
      StateDict.Report report =
          StateDictFiles.load(
              resource("pytorch-mlp.safetensors"),
              model,
              StateDict.Options.strict().renaming(n -> n.replaceFirst("^encoder\\.", "")));
      assertThat(report.loaded()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
      float[] y =
          model
              .forward(Tensor.of(b, new float[] {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}, 2, 3))
              .toArray();
      assertThat(y).hasSize(values.length);
      for (int i = 0; i < y.length; i++) {
        assertThat((double) y[i]).isCloseTo(Double.parseDouble(values[i]), within(1e-6));
      }
      // without the renaming a strict load names PyTorch's keys
      assertThatThrownBy(() -> StateDictFiles.load(resource("pytorch-mlp.safetensors"), model))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("missing keys [0.weight, 0.bias, 2.weight, 2.bias]")
          .hasMessageContaining(
              "unexpected keys [encoder.0.weight, encoder.0.bias, encoder.2.weight,"
                  + " encoder.2.bias]");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void savesAndLoadsBackBitForBitUnderExportedNames(String name, @TempDir Path dir)
      throws IOException {
    Backend b = Backends.get(name);
    Path file = dir.resolve("weights.safetensors");
    try (Sequential trained =
            new Sequential(
                new Dense(3, 4, LayerOptions.defaults().on(b).seed(3)),
                new Activation.ReLU(),
                new Dense(4, 2, LayerOptions.defaults().on(b).seed(4)));
        Sequential loaded = mlp(b)) {
      StateDictFiles.save(file, trained, n -> "encoder." + n, Map.of("note", "test"));
      SafeTensors.Contents contents = SafeTensors.read(file);
      assertThat(contents.tensors().keySet())
          .containsExactly(
              "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias");
      assertThat(contents.metadata()).containsEntry("note", "test");
      StateDictFiles.load(
          file, loaded, StateDict.Options.strict().renaming(n -> n.substring("encoder.".length())));
      for (Map.Entry<String, Tensor> e : trained.parameters().entrySet()) {
        assertThat(loaded.parameters().get(e.getKey()).toArray())
            .as(e.getKey())
            .containsExactly(e.getValue().toArray());
      }
    }
  }
}
