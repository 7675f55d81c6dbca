package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.LearningRateCallback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.Batch;
import dev.stratum.tensor.Tensor;
import dev.stratum.testing.TestLosses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Trainer running a {@link TrainingStep} of the user's: named parts, callbacks, errors. */
class TrainingStepTest {

  static Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  /** The supervised step, reporting also the batch size as a part and the loss doubled. */
  private static final class PartsStep implements TrainingStep, Callback {
    private final SupervisedStep inner;
    final List<String> events = new ArrayList<>();

    PartsStep(TrainerTest.Setup setup) {
      this.inner =
          new SupervisedStep(setup.model(), TestLosses.CROSS_ENTROPY, setup.optimizer(), List.of());
    }

    private StepResult withParts(StepResult r, Batch batch) {
      Tensor size = Tensor.scalar(r.loss().backend(), batch.size());
      return StepResult.of(r.loss(), "double", r.loss().mul(2f), "size", size)
          .withPrediction(r.prediction());
    }

    @Override
    public StepResult train(Batch batch) {
      return withParts(inner.train(batch), batch);
    }

    @Override
    public StepResult evaluate(Batch batch) {
      return withParts(inner.evaluate(batch), batch);
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
      events.add("step " + epoch);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void anExplicitSupervisedStepTrainsBitForBitAsLossDoes(String name) {
    Backend backend = Backends.get(name);
    TrainerTest.Setup a = TrainerTest.Setup.of(backend, 3, 5);
    TrainerTest.Setup b = TrainerTest.Setup.of(backend, 3, 5);
    History viaLoss = a.trainer(3).build().fit();
    History viaStep =
        Trainer.builder()
            .model(b.model())
            .optimizer(b.optimizer())
            .step(new SupervisedStep(b.model(), TestLosses.CROSS_ENTROPY, b.optimizer(), List.of()))
            .trainingData(b.train())
            .validationData(b.validation())
            .epochs(3)
            .metrics(Metric.accuracy(), Metric.topK(2))
            .progress(false)
            .build()
            .fit();
    assertThat(viaStep.epochs()).isEqualTo(viaLoss.epochs());
    for (String p : a.model().parameters().keySet()) {
      assertThat(b.model().parameters().get(p).toArray())
          .as(p)
          .containsExactly(a.model().parameters().get(p).toArray());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyPartIsReportedAsItsPerSampleMeanForTrainingAndValidation(String name) {
    TrainerTest.Setup setup = TrainerTest.Setup.of(Backends.get(name), 3, 5);
    PartsStep step = new PartsStep(setup);
    History history =
        Trainer.builder()
            .model(setup.model())
            .optimizer(setup.optimizer())
            .step(step)
            .trainingData(setup.train())
            .validationData(setup.validation())
            .epochs(2)
            .metrics(Metric.accuracy())
            .progress(false)
            .build()
            .fit();
    Map<String, Double> last = history.last();
    assertThat(last.keySet())
        .containsExactly(
            "loss",
            "double",
            "size",
            "accuracy",
            "val_loss",
            "val_double",
            "val_size",
            "val_accuracy");
    // 120 training samples in batches of 16 (7 of 16, one of 8): Σ n_b·n_b / Σ n_b
    assertThat(last.get("size")).isCloseTo((7 * 16 * 16 + 8 * 8) / 120.0, within(1e-9));
    // 60 validation samples in batches of 25, 25 and 10
    assertThat(last.get("val_size")).isCloseTo((25 * 25 * 2 + 10 * 10) / 60.0, within(1e-9));
    assertThat(last.get("double")).isCloseTo(2 * last.get("loss"), within(1e-5));
    assertThat(last.get("val_double")).isCloseTo(2 * last.get("val_loss"), within(1e-5));
  }

  @Test
  void aStepThatIsACallbackHearsOfEachEpochBeforeTheOtherCallbacks() {
    TrainerTest.Setup setup = TrainerTest.Setup.of(Backends.get("vector"), 3, 5);
    PartsStep step = new PartsStep(setup);
    Callback other =
        new Callback() {
          @Override
          public void onEpochBegin(TrainingContext context, int epoch) {
            step.events.add("other " + epoch);
          }
        };
    Trainer.builder()
        .model(setup.model())
        .step(step)
        .trainingData(setup.train())
        .epochs(2)
        .callbacks(other)
        .progress(false)
        .build()
        .fit();
    assertThat(step.events).containsExactly("step 1", "other 1", "step 2", "other 2");
  }

  @Test
  void misuseIsRefusedWithAMessage() {
    TrainerTest.Setup setup = TrainerTest.Setup.of(Backends.get("vector"), 3, 5);
    PartsStep step = new PartsStep(setup);
    assertThatThrownBy(
            () ->
                Trainer.builder()
                    .model(setup.model())
                    .step(step)
                    .loss(TestLosses.MSE)
                    .trainingData(setup.train())
                    .build())
        .hasMessage(
            "trainer: a TrainingStep computes its own objective; set either step(...) or"
                + " loss(...)/penalty(...), not both");
    Tensor loss = Tensor.scalar(Backends.get("vector"), 1f);
    assertThatThrownBy(() -> new StepResult(Map.of("reconstruction", loss), null))
        .hasMessage(
            "training step: the result must have a part named \"loss\", got [reconstruction]");
    Tensor vector = Tensor.zeros(Backends.get("vector"), 3);
    assertThatThrownBy(() -> StepResult.of(loss, "kl", vector))
        .hasMessage(
            "training step: the part \"kl\" must be one number, got shape [3] (use a MEAN or SUM"
                + " reduction)");
    assertThatThrownBy(() -> StepResult.of(loss, "kl"))
        .hasMessage("training step: parts come as name, tensor pairs, got 1 arguments");

    TrainingStep noPrediction =
        new TrainingStep() {
          @Override
          public StepResult train(Batch batch) {
            return StepResult.of(step.train(batch).loss());
          }

          @Override
          public StepResult evaluate(Batch batch) {
            return StepResult.of(step.evaluate(batch).loss());
          }
        };
    assertThatThrownBy(
            () ->
                Trainer.builder()
                    .model(setup.model())
                    .step(noPrediction)
                    .trainingData(setup.train())
                    .metrics(Metric.accuracy())
                    .progress(false)
                    .build()
                    .fit())
        .hasMessage(
            "trainer: metrics [accuracy] need the step's prediction, but the TrainingStep returned"
                + " none (use StepResult.withPrediction)");
    assertThatThrownBy(
            () ->
                Trainer.builder()
                    .model(setup.model())
                    .step(noPrediction)
                    .trainingData(setup.train())
                    .callbacks(LearningRateCallback.perEpoch(e -> 1.0))
                    .progress(false)
                    .build()
                    .fit())
        .hasMessageStartingWith(
            "trainer: this run's TrainingStep updates the model itself and no optimizer was given");
  }
}
