package dev.stratum.autoencoders.gan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.optimizers.Sgd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each mistake gets a message that names the model and the shapes (on the vector backend). */
class GanBadInputTest {

  private final Backend b = Backends.get("vector");
  private final LayerOptions o = LayerOptions.defaults().on(b).seed(1);

  @Test
  void aGeneratorThatDoesNotMakeSamplesIsNamed() {
    assertThatThrownBy(
            () -> new Gan(new Gan.Config(List.of(6), 3, new Dense(3, 5, o), new Dense(6, 1, o), 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Gan(3 -> [6]): the generator gives [5] for a code, but the samples are [6]");
    assertThatThrownBy(
            () -> new Gan(new Gan.Config(List.of(6), 4, new Dense(3, 6, o), new Dense(6, 1, o), 0)))
        .hasMessageStartingWith(
            "Gan(4 -> [6]): the generator does not accept latent codes of size 4:");
  }

  @Test
  void aDiscriminatorThatDoesNotGiveOneLogitIsNamed() {
    assertThatThrownBy(
            () -> new Gan(new Gan.Config(List.of(6), 3, new Dense(3, 6, o), new Dense(6, 2, o), 0)))
        .hasMessage(
            "Gan(3 -> [6]): the discriminator gives [1, 2] for one sample; it must give one logit,"
                + " [1, 1]");
  }

  @Test
  void codesAndSamplesOfTheWrongShapeAndOneSharedOptimizerAreRefused() {
    try (Gan gan = Gan.dense(o, 6, 3, 4);
        TensorScope scope = TensorScope.open()) {
      assertThatThrownBy(() -> gan.generate(Tensor.zeros(b, 2, 4)))
          .hasMessage("Gan(3 -> [6]): the latent code has shape [2, 4], expected [batch, 3]");
      assertThatThrownBy(() -> gan.discriminate(Tensor.zeros(b, 2, 5)))
          .hasMessage("Gan(3 -> [6]): the sample has shape [2, 5], expected [batch, 6]");
      Sgd both = new Sgd(gan.parameters(), 0.1);
      assertThatThrownBy(() -> gan.step(both, both))
          .hasMessage(
              "Gan(3 -> [6]): the discriminator and the generator need an optimizer each, got the"
                  + " same one");
      assertThatThrownBy(
              () -> new Gan.Config(List.of(6), 0, gan.generator(), gan.discriminator(), 0))
          .hasMessage("Gan: the latent size must be at least 1, got 0");
      assertThatThrownBy(() -> Gan.dense(o, 784, 0, 128))
          .hasMessage(
              "Gan.dense: sizes must be at least 1, got sample 784, latent 0, hidden [128]");
    }
  }
}
