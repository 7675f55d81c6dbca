package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReshapeTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void flattenKeepsTheBatchAndTheOrder(String name) {
    Backend b = Backends.get(name);
    float[] x = GradientAssert.normal(2 * 3 * 2 * 2, 1);
    try (TensorScope scope = TensorScope.open()) {
      Tensor y = new Flatten().forward(Tensor.of(b, x, 2, 3, 2, 2));
      assertThat(y.shape()).containsExactly(2, 12);
      assertThat(y.toArray()).containsExactly(x);
    }
    GradientAssert.check(b, new Flatten(), x, new int[] {2, 3, 2, 2}, 2);
    assertThat(new Flatten().outputShape(64, 32, 7, 7)).containsExactly(64, 1568);
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void reshapePerSample(String name) {
    Backend b = Backends.get(name);
    float[] x = GradientAssert.normal(2 * 12, 3);
    Reshape reshape = new Reshape(3, -1, 2);
    try (TensorScope scope = TensorScope.open()) {
      Tensor y = reshape.forward(Tensor.of(b, x, 2, 12));
      assertThat(y.shape()).containsExactly(2, 3, 2, 2);
      assertThat(y.toArray()).containsExactly(x);
    }
    GradientAssert.check(b, reshape, x, new int[] {2, 12}, 4);
  }

  @Test
  void reshapeErrorsAndConfig() {
    assertThat(new Reshape(1, 28, 28).outputShape(5, 784)).containsExactly(5, 1, 28, 28);
    assertThatThrownBy(() -> new Reshape(5, 5).outputShape(2, 24))
        .hasMessage(
            "Reshape([5, 5]): input [2, 24] does not fit: 24 elements per sample cannot take the"
                + " shape [5, 5]");
    assertThatThrownBy(() -> new Reshape(-1, 5).outputShape(2, 24))
        .hasMessageContaining("24 elements per sample cannot take the shape [-1, 5]");
    assertThatThrownBy(() -> new Reshape(-1, -1))
        .hasMessage("Reshape: at most one dimension may be -1, got [-1, -1]");
    Reshape r = new Reshape(4, -1);
    assertThat(r.config()).isEqualTo(Map.of("shape", java.util.List.of(4, -1)));
    assertThat(StandardLayers.build(Backends.get(), "reshape", r.config()).outputShape(3, 8))
        .containsExactly(3, 4, 2);
  }
}
