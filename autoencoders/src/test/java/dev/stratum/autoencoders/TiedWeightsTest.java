package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TiedWeightsTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theDecoderAppliesTheTransposeOfTheEncodersOneWeight(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(4);
    try (Autoencoder ae = Autoencoders.tied(o, new Activation.Sigmoid(), 5, 3);
        TensorScope scope = TensorScope.open()) {
      assertThat(ae.parameters().keySet())
          .containsExactly("encoder.0.weight", "encoder.0.bias", "decoder.0.bias");
      Dense encoder = (Dense) ((Sequential) ae.encoder()).get(0);
      TiedDense decoder = (TiedDense) ((Sequential) ae.decoder()).get(0);
      assertThat(decoder.weight()).isSameAs(encoder.weight());
      assertThat(decoder.tiedTo()).isEqualTo("0.weight");

      float[] input = FiniteDifferencesData.unit(10, 3);
      Tensor x = Tensor.of(b, input, 2, 5);
      float[] h = ae.encode(x).toArray();
      float[] out = ae.reconstruct(x).toArray();
      float[] w = encoder.weight().toArray(); // [3, 5]
      float[] c = decoder.bias().toArray(); // [5]
      for (int s = 0; s < 2; s++) {
        for (int i = 0; i < 5; i++) {
          double a = c[i];
          for (int j = 0; j < 3; j++) {
            a += h[s * 3 + j] * w[j * 5 + i];
          }
          double expected = 1 / (1 + Math.exp(-a));
          assertThat((double) out[s * 5 + i])
              .as("x̂[%d][%d]", s, i)
              .isCloseTo(expected, within(2e-6));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theTiedWeightsGradientSumsBothUsesAndMatchesFiniteDifferences(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(6);
    try (Autoencoder ae = Autoencoders.tied(o, new Activation.Tanh(), 4, 3, 2);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, FiniteDifferencesData.unit(12, 9), 3, 4);
      ae.parameters().values().forEach(Tensor::zeroGrad);
      ae.objective(x, x).total().backward();
      for (var p : ae.parameters().entrySet()) {
        float[] analytic = p.getValue().grad().toArray();
        FiniteDifferences.check(
            name + " " + p.getKey(), p.getValue(), analytic, () -> ae.objective(x, x).total());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void weightsThatDoNotTransposeAreRefusedNamingTheModelAndShapes(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(1);
    assertThatThrownBy(
            () ->
                new Autoencoder(
                    new int[] {6},
                    new Sequential(new Dense(6, 4, o), new Activation.ReLU()),
                    new TiedDense(3, 6, "0.weight", o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Autoencoder: TiedDense(3 -> 6, tied to 0.weight) needs the encoder weight '0.weight'"
                + " to have shape [3, 6] (the encoder layer 6 -> 3 whose transpose it applies), but"
                + " it has shape [4, 6], which does not transpose to 3 -> 6");
    assertThatThrownBy(
            () ->
                new Autoencoder(
                    new int[] {6}, new Dense(6, 4, o), new TiedDense(4, 6, "0.weight", o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Autoencoder: TiedDense(4 -> 6, tied to 0.weight) is tied to the encoder parameter"
                + " '0.weight', which the encoder does not have; its parameters are [weight, bias]");
    try (TensorScope scope = TensorScope.open()) {
      TiedDense loose = new TiedDense(4, 6, "weight", o);
      assertThatThrownBy(() -> loose.forward(Tensor.zeros(b, 1, 4)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not tied yet");
      loose.close();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aCheckpointRebuildsTheTieAndTheSameOutputs(String name, @TempDir Path dir) throws Exception {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(12);
    try (Autoencoder ae = Autoencoders.tied(o, new Activation.Sigmoid(), 6, 4, 2);
        TensorScope scope = TensorScope.open()) {
      Checkpoint.save(dir, ae);
      Tensor x = Tensor.of(b, FiniteDifferencesData.unit(12, 5), 2, 6);
      float[] expected = ae.reconstruct(x).toArray();
      try (Layer loaded = Checkpoint.loadModel(dir, b, Autoencoders.factories())) {
        Autoencoder restored = (Autoencoder) loaded;
        assertThat(restored.config()).isEqualTo(ae.config());
        assertThat(restored.parameters().keySet()).isEqualTo(ae.parameters().keySet());
        assertThat(restored.reconstruct(x).toArray()).containsExactly(expected);
        // tied again: the decoder reads the encoder's tensor, so changing it changes the output
        Dense first = (Dense) ((Sequential) restored.encoder()).get(0);
        TiedDense last = (TiedDense) ((Sequential) restored.decoder()).get(2);
        assertThat(last.weight()).isSameAs(first.weight());
      }
    }
  }
}
