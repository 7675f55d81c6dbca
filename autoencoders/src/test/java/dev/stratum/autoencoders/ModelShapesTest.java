package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** The shape checks a model built from the user's networks shares, and their messages. */
class ModelShapesTest {

  private final Backend b = Backends.get("vector");
  private final LayerOptions o = LayerOptions.defaults().on(b).seed(1);

  @Test
  void oneSampleAndABatchOfSamples() {
    assertThat(ModelShapes.one(new int[] {28, 28})).containsExactly(1, 28, 28);
    assertThat(ModelShapes.fits(new int[] {5, 28, 28}, new int[] {28, 28})).isTrue();
    assertThat(ModelShapes.fits(new int[] {5, 28, 27}, new int[] {28, 28})).isFalse();
    assertThat(ModelShapes.fits(new int[] {28, 28}, new int[] {28, 28})).isFalse();
    assertThat(ModelShapes.batchOf(new int[] {28, 28})).isEqualTo("[batch, 28, 28]");
  }

  @Test
  void aBatchOfTheWrongShapeIsNamed() {
    try (TensorScope scope = TensorScope.open()) {
      ModelShapes.checkBatch("M", "input", Tensor.zeros(b, 2, 6), new int[] {6});
      assertThatThrownBy(
              () -> ModelShapes.checkBatch("M", "input", Tensor.zeros(b, 2, 5), new int[] {6}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("M: the input has shape [2, 5], expected [batch, 6]");
    }
  }

  @Test
  void aNetworkThatRefusesTheInputIsNamedWithItsOwnReason() {
    try (Dense dense = new Dense(3, 4, o)) {
      assertThat(ModelShapes.outputOf("M", "encoder", "inputs of [3]", dense, 1, 3))
          .containsExactly(1, 4);
      assertThatThrownBy(() -> ModelShapes.outputOf("M", "encoder", "inputs of [5]", dense, 1, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("M: the encoder does not accept inputs of [5]: ")
          .hasCauseInstanceOf(IllegalArgumentException.class);
    }
  }
}
