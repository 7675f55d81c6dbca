package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.LearningRateCallback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.testing.TinyStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {

  @TempDir Path dir;

  @Test
  void savesEveryNEpochsAndTheBestModel() throws IOException {
    Backend backend = Backends.get("vector");
    TrainerTest.Setup s = TrainerTest.Setup.of(backend, 1, 1);
    Map<Integer, int[]> weightsAtEpoch = new HashMap<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
            weightsAtEpoch.put(
                epoch, TrainerTest.bits(context.model().parameters().get("1.weight")));
          }
        };
    Path best = dir.resolve("best");
    History history =
        s.trainer(5)
            .callbacks(
                recorder,
                ModelCheckpoint.every(dir.resolve("periodic"), 2),
                ModelCheckpoint.best(best, Monitor.max("val_accuracy").withMinDelta(0.0)),
                LearningRateCallback.perEpoch(e -> e < 4 ? 1 : 100))
            .build()
            .fit();

    try (Stream<Path> periodic = Files.list(dir.resolve("periodic"))) {
      assertThat(periodic.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("epoch-0002", "epoch-0004");
    }
    int bestEpoch = 1;
    double[] accuracy = history.metric("val_accuracy");
    for (int e = 2; e <= 5; e++) {
      if (accuracy[e - 1] > accuracy[bestEpoch - 1]) {
        bestEpoch = e;
      }
    }
    Map<String, String> metadata = Checkpoint.metadata(best);
    assertThat(metadata.get("epoch")).isEqualTo(Integer.toString(bestEpoch));
    assertThat(Double.parseDouble(metadata.get("val_accuracy"))).isEqualTo(accuracy[bestEpoch - 1]);

    try (TinyStack restored = (TinyStack) Checkpoint.loadModel(best, backend, TinyStack.REGISTRY)) {
      assertThat(TrainerTest.bits(restored.parameters().get("1.weight")))
          .containsExactly(weightsAtEpoch.get(bestEpoch));
    }
    try (TinyStack restored =
        (TinyStack)
            Checkpoint.loadModel(
                ModelCheckpoint.epochDirectory(dir.resolve("periodic"), 4),
                backend,
                TinyStack.REGISTRY)) {
      assertThat(TrainerTest.bits(restored.parameters().get("1.weight")))
          .containsExactly(weightsAtEpoch.get(4));
    }
  }
}
