package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetricTest {

  static Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  // rows: arg-max 2, 0, 1, 2; the target's rank (classes scoring strictly higher) 0, 2, 1, 0
  static final float[] SCORES = {
    0.1f, 0.2f, 0.7f, //
    5f, 1f, 2f, //
    -1f, 3f, Float.NEGATIVE_INFINITY, //
    0f, 0f, 9f
  };
  static final float[] TARGETS = {2, 1, 0, 2};

  @ParameterizedTest
  @MethodSource("backends")
  void accuracyCountsArgMaxHitsForIndexAndOneHotTargets(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor prediction = Tensor.of(backend, SCORES, 4, 3);
      Tensor indices = Tensor.of(backend, TARGETS, 4);
      assertThat(Metric.accuracy().batchTotal(prediction, indices).item()).isEqualTo(2f);
      assertThat(Metric.accuracy().batchTotal(prediction, indices.reshape(4, 1)).item())
          .isEqualTo(2f);
      assertThat(Metric.accuracy().batchTotal(prediction, Tensor.oneHot(indices, 3)).item())
          .isEqualTo(2f);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void topKCountsTargetsWithFewerThanKHigherScores(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor prediction = Tensor.of(backend, SCORES, 4, 3);
      Tensor indices = Tensor.of(backend, TARGETS, 4);
      assertThat(Metric.topK(1).batchTotal(prediction, indices).item()).isEqualTo(2f);
      assertThat(Metric.topK(2).batchTotal(prediction, indices).item()).isEqualTo(3f);
      assertThat(Metric.topK(3).batchTotal(prediction, indices).item()).isEqualTo(4f);
      assertThat(Metric.topK(2).name()).isEqualTo("top2_accuracy");
      assertThatThrownBy(() -> Metric.topK(4).batchTotal(prediction, indices))
          .hasMessage("top4_accuracy: k = 4 exceeds the 3 classes of the prediction");
      assertThatThrownBy(
              () -> Metric.accuracy().batchTotal(prediction, Tensor.zeros(backend, 4, 2)))
          .hasMessage(
              "accuracy: targets of shape [4, 2] fit neither class indices [4] nor one-hot rows"
                  + " [4, 3]");
    }
    assertThatThrownBy(() -> Metric.topK(0)).hasMessage("top-k accuracy: k must be >= 1, got 0");
  }
}
