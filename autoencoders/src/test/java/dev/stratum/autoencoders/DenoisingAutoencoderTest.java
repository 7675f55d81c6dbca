package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Batch;
import dev.stratum.data.BatchIterator;
import dev.stratum.data.DataLoader;
import dev.stratum.data.GaussianNoise;
import dev.stratum.data.MaskingNoise;
import dev.stratum.data.SaltAndPepperNoise;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.loss.MeanSquaredError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DenoisingAutoencoderTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  private static final int N = 10;
  private static final int D = 8;

  private static ArrayDataset data() {
    float[] x = FiniteDifferencesData.unit(N * D, 21);
    float[] labels = new float[N];
    return ArrayDataset.of(x, new int[] {D}, labels, new int[] {});
  }

  private static DenoisingAutoencoder model(Backend b, Noise noise) {
    LayerOptions o = LayerOptions.defaults().on(b).seed(3);
    return new DenoisingAutoencoder(
        new int[] {D}, new Dense(D, 3, o), new Dense(3, D, o), new MeanSquaredError(), noise);
  }

  /**
   * The loader corrupts the inputs alone, with exactly the host transform's values for each
   * sample's index and the epoch: the same batches on every backend, for any shuffle order.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void inputsAreCorruptedByTheKeyedNoiseAndTargetsStayClean(String name) {
    Backend b = Backends.get(name);
    ArrayDataset data = data();
    for (Noise noise :
        List.of(Noise.gaussian(0.3, 7), Noise.masking(0.25, 8), Noise.saltAndPepper(0.25, 9))) {
      try (DenoisingAutoencoder dae = model(b, noise);
          DataLoader loader = dae.loader(data).batchSize(4).shuffle(5).backend(b).build()) {
        for (long epoch = 0; epoch < 2; epoch++) {
          ArrayDataset expected = noise.transform().applyToInputs(data, epoch);
          int[] order = dev.stratum.data.Shuffle.permutation(5, epoch, N);
          int position = 0;
          try (BatchIterator batches = loader.iterator()) {
            while (batches.hasNext()) {
              try (Batch batch = batches.next()) {
                float[] inputs = batch.inputs().toArray();
                float[] targets = batch.targets().toArray();
                for (int i = 0; i < batch.size(); i++, position++) {
                  int sample = order[position];
                  assertThat(Arrays.copyOfRange(inputs, i * D, (i + 1) * D))
                      .as("%s epoch %d sample %d", noise, epoch, sample)
                      .containsExactly(expected.input(sample));
                  assertThat(Arrays.copyOfRange(targets, i * D, (i + 1) * D))
                      .containsExactly(data.input(sample));
                }
              }
            }
          }
          assertThat(position).isEqualTo(N);
        }
      }
    }
  }

  @Test
  void eachNoiseIsTheProjectsTransformAndRoundTripsThroughItsConfig() {
    assertThat(Noise.gaussian(0.5, 3).transform()).isEqualTo(new GaussianNoise(0.5f, 3));
    assertThat(Noise.masking(0.25, 4).transform()).isEqualTo(new MaskingNoise(0.25f, 4));
    assertThat(Noise.saltAndPepper(0.1, 5).transform())
        .isEqualTo(new SaltAndPepperNoise(0.1f, 0f, 1f, 5));
    for (Noise noise :
        List.of(Noise.gaussian(0.5, 3), Noise.masking(0.25, 4), Noise.saltAndPepper(0.1, 5))) {
      assertThat(Noise.fromConfig(new LinkedHashMap<>(noise.config()))).isEqualTo(noise);
    }
    float[] clean = FiniteDifferencesData.unit(D, 1);
    float[] epoch0 = clean.clone();
    float[] epoch1 = clean.clone();
    Noise.gaussian(0.2, 1).transform().apply(epoch0, 0, D, 0, 3);
    Noise.gaussian(0.2, 1).transform().apply(epoch1, 0, D, 1, 3);
    assertThat(epoch0).isNotEqualTo(clean).isNotEqualTo(epoch1);
  }

  @Test
  void noiseLevelsOutsideTheirRangeAreRefusedNamingTheNoiseAndTheModel() {
    assertThatThrownBy(() -> Noise.gaussian(-0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Gaussian noise: σ = -0.1 is outside [0, ∞): give a finite deviation >= 0");
    assertThatThrownBy(() -> Noise.masking(1.5, 1))
        .hasMessage("masking noise: the fraction ν = 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> Noise.saltAndPepper(-0.2, 1))
        .hasMessage("salt-and-pepper noise: the fraction ν = -0.2 is outside [0, 1]");
    Backend b = Backends.get();
    try (DenoisingAutoencoder dae = model(b, Noise.gaussian(0.1, 2))) {
      Map<String, Object> config = new LinkedHashMap<>(dae.config());
      config.put("noise", Map.of("type", "gaussian", "sigma", -1.0, "seed", 2));
      assertThatThrownBy(
              () -> DenoisingAutoencoder.TYPE.factory().create(b, config, Autoencoders.factories()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "DenoisingAutoencoder: Gaussian noise: σ = -1.0 is outside [0, ∞): give a finite"
                  + " deviation >= 0");
      config.put("noise", Map.of("type", "speckle", "seed", 2));
      assertThatThrownBy(
              () -> DenoisingAutoencoder.TYPE.factory().create(b, config, Autoencoders.factories()))
          .hasMessage(
              "DenoisingAutoencoder: noise: unknown type \"speckle\"; known: gaussian, masking,"
                  + " salt_and_pepper");
    }
  }
}
