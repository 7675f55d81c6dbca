package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.Batch;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.StepResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AutoencoderTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void reconstructIsDecodeOfEncodeAndParametersAreNamedByHalf(String name) {
    Backend b = Backends.get(name);
    LayerOptions options = LayerOptions.defaults().on(b).seed(5);
    try (Autoencoder ae = Autoencoders.dense(options, 6, 4, 2);
        TensorScope scope = TensorScope.open()) {
      assertThat(ae.inputShape()).containsExactly(6);
      assertThat(ae.codeShape()).containsExactly(2);
      assertThat(ae.codeSize()).isEqualTo(2);
      assertThat(ae.parameters().keySet())
          .containsExactly(
              "encoder.0.weight",
              "encoder.0.bias",
              "encoder.2.weight",
              "encoder.2.bias",
              "decoder.0.weight",
              "decoder.0.bias",
              "decoder.2.weight",
              "decoder.2.bias");
      Tensor x = Tensor.of(b, FiniteDifferencesData.values(18, 1), 3, 6);
      Tensor code = ae.encode(x);
      assertThat(code.shape()).containsExactly(3, 2);
      float[] viaCode = ae.decode(code).toArray();
      assertThat(ae.reconstruct(x).toArray()).containsExactly(viaCode);
      assertThat(ae.forward(x).toArray()).containsExactly(viaCode);
      assertThat(ae.outputShape(3, 6)).containsExactly(3, 6);
      for (float v : viaCode) {
        assertThat(v).isBetween(0f, 1f); // sigmoid output
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theStepReportsTheReconstructionAsLossAndMinimisesIt(String name) {
    Backend b = Backends.get(name);
    LayerOptions options = LayerOptions.defaults().on(b).seed(8);
    try (Autoencoder ae =
            Autoencoders.dense(
                options, new Activation.ReLU(), null, new Activation.Sigmoid(), 6, 3);
        Adam sgd = new Adam(ae.parameters(), 0.05);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, FiniteDifferencesData.unit(24, 2), 4, 6);
      double before = ae.reconstructionLoss(ae.reconstruct(x), x).item();
      StepResult first = ae.step(sgd).train(new Batch(x.detach(), x.detach()));
      assertThat(first.parts().keySet()).containsExactly("loss");
      assertThat((double) first.loss().item()).isCloseTo(before, within(1e-6));
      for (int i = 0; i < 100; i++) {
        try (TensorScope step = TensorScope.open()) {
          ae.step(sgd).train(new Batch(x.detach(), x.detach()));
        }
      }
      double after = ae.reconstructionLoss(ae.reconstruct(x), x).item();
      assertThat(after).isLessThan(0.5 * before);
      // evaluation: the reconstruction error of g(f(x)), nothing else
      StepResult evaluation;
      try (var off = Autograd.noGrad()) {
        evaluation = ae.step(sgd).evaluate(new Batch(x.detach(), x.detach()));
      }
      assertThat(evaluation.parts().keySet()).containsExactly("loss");
      assertThat((double) evaluation.loss().item()).isCloseTo(after, within(1e-6));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void reconstructionErrorsAreEachSamplesMeanSquaredError(String name) {
    Backend b = Backends.get(name);
    try (Autoencoder ae = Autoencoders.dense(LayerOptions.defaults().on(b).seed(2), 4, 2);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, FiniteDifferencesData.unit(8, 4), 2, 4);
      float[] out = ae.reconstruct(x).toArray();
      float[] in = x.toArray();
      float[] errors = ae.reconstructionErrors(x).toArray();
      assertThat(errors).hasSize(2);
      for (int s = 0; s < 2; s++) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
          double d = out[s * 4 + i] - in[s * 4 + i];
          sum += d * d;
        }
        assertThat((double) errors[s]).isCloseTo(sum / 4, within(1e-6));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void badArchitecturesAreRefusedWithTheModelAndTheShapes(String name) {
    Backend b = Backends.get(name);
    LayerOptions o = LayerOptions.defaults().on(b).seed(1);
    // the decoder reconstructs 5 values of a 6-value input
    assertThatThrownBy(() -> new Autoencoder(new int[] {6}, new Dense(6, 3, o), new Dense(3, 5, o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Autoencoder: the decoder's output shape [5] differs from the encoder's input shape"
                + " [6]; the decoder must reconstruct the input");
    // the decoder expects a latent size of 4, the encoder gives 3
    assertThatThrownBy(() -> new Autoencoder(new int[] {6}, new Dense(6, 3, o), new Dense(4, 6, o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Autoencoder: the decoder does not accept the encoder's code of shape [3] (latent size"
                + " 3): Dense(4 -> 6): input [1, 3] does not fit");
    // the encoder does not take the input shape
    assertThatThrownBy(
            () ->
                new Autoencoder(new int[] {1, 28, 28}, new Dense(784, 3, o), new Dense(3, 784, o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Autoencoder: the encoder does not accept inputs of shape [1, 28, 28]: Dense(784 -> 3)");
    // a layer in both halves would be updated twice per step
    Dense shared = new Dense(4, 4, o);
    assertThatThrownBy(() -> new Autoencoder(new int[] {4}, shared, shared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Autoencoder: the tensor 'decoder.weight' is also 'encoder.weight'; an optimizer would"
                + " update it twice per step");
    // an image autoencoder with flatten/reshape is fine
    try (Autoencoder images =
        new Autoencoder(
            new int[] {1, 2, 2},
            new Sequential(new Flatten(), new Dense(4, 2, o)),
            new Sequential(new Dense(2, 4, o), new Reshape(1, 2, 2)))) {
      assertThat(images.codeShape()).containsExactly(2);
      try (TensorScope scope = TensorScope.open()) {
        Tensor wrong = Tensor.zeros(b, 3, 4);
        assertThatThrownBy(() -> images.encode(wrong))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(
                "Autoencoder([1, 2, 2] -> [2]): input of shape [3, 4] does not fit: expected"
                    + " [batch, 1, 2, 2]");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void configNamesTheHalvesTheShapeAndTheLoss(String name) {
    Backend b = Backends.get(name);
    try (Autoencoder ae = Autoencoders.dense(LayerOptions.defaults().on(b), 6, 2)) {
      Map<String, Object> config = ae.config();
      assertThat(ae.typeName()).isEqualTo("autoencoder");
      assertThat(config.keySet()).containsExactly("inputShape", "encoder", "decoder", "loss");
      assertThat(config.get("inputShape")).isEqualTo(List.of(6));
      assertThat(config.get("loss")).isEqualTo(Map.of("type", "mse", "reduction", "mean"));
      @SuppressWarnings("unchecked")
      Map<String, Object> encoder = (Map<String, Object>) config.get("encoder");
      assertThat(encoder.get("type")).isEqualTo("sequential");
      assertThat(ae.toString()).isEqualTo("Autoencoder([6] -> [2])");
      assertThat(ae.encoder()).isInstanceOf(Sequential.class);
      assertThat(((Sequential) ae.decoder()).get(1)).isInstanceOf(Activation.Sigmoid.class);
    }
  }
}
