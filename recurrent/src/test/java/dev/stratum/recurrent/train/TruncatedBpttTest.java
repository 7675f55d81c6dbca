package dev.stratum.recurrent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Batch;
import dev.stratum.data.DataLoader;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.Adam;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.RecurrentOutput;
import dev.stratum.recurrent.SequenceModel;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated BPTT against its definition: the update of chunk {@code j} is the gradient of chunk
 * {@code j}'s loss alone, from the state chunk {@code j − 1} ended in, held constant; with {@code k
 * ≥ T} it is full BPTT. Gradients are compared within {@code 1e-6 + 1e-5·|e|} (the same float
 * operations, possibly grouped differently by the engine); "differs" means by more than 1e-4.
 */
class TruncatedBpttTest {

  static final int BATCH = 2;
  static final int TIME = 6;
  static final int INPUT = 3;
  static final int HIDDEN = 4;

  static Stream<String> backends() {
    return Backends.availableNames().stream();
  }

  /** Copies every gradient at each step and changes nothing. */
  static final class Recording implements Optimizer {
    final Map<String, Tensor> parameters;
    final List<Map<String, float[]>> steps = new ArrayList<>();

    Recording(Map<String, Tensor> parameters) {
      this.parameters = parameters;
    }

    @Override
    public void step() {
      Map<String, float[]> grads = new LinkedHashMap<>();
      parameters.forEach((name, p) -> grads.put(name, p.grad().toArray()));
      steps.add(grads);
    }

    @Override
    public List<ParameterGroup> groups() {
      return List.of(new ParameterGroup(parameters, 0, 0));
    }

    @Override
    public long iterations() {
      return steps.size();
    }

    @Override
    public Map<String, Tensor> state() {
      return Map.of();
    }

    @Override
    public void loadState(Map<String, Tensor> state) {}
  }

  static SequenceModel model(Backend backend) {
    LayerOptions options = LayerOptions.defaults().on(backend).seed(3);
    return new SequenceModel(
        null, Recurrent.lstm(INPUT, HIDDEN).build(options), new Dense(HIDDEN, 2, options));
  }

  static float[] normal(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Gradients of the MSE of {@code model(x[:, from:to], state)} against {@code y[:, from:to]}. */
  static Map<String, float[]> gradients(
      SequenceModel model, Tensor x, Tensor y, int from, int to, List<Tensor> state, int run) {
    model.parameters().values().forEach(Tensor::zeroGrad);
    RecurrentOutput out = model.forward(x.slice(1, 0, run), state, null);
    Tensor prediction = out.output().slice(1, from, to).reshape(-1, 2);
    new MeanSquaredError().compute(prediction, y.slice(1, from, to).reshape(-1, 2)).backward();
    Map<String, float[]> grads = new LinkedHashMap<>();
    model.parameters().forEach((name, p) -> grads.put(name, p.grad().toArray()));
    model.parameters().values().forEach(Tensor::zeroGrad);
    return grads;
  }

  static void assertSame(String what, Map<String, float[]> actual, Map<String, float[]> expected) {
    for (String name : expected.keySet()) {
      float[] a = actual.get(name);
      float[] e = expected.get(name);
      for (int i = 0; i < e.length; i++) {
        assertThat((double) a[i])
            .as(what + " " + name + "[" + i + "]")
            .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(e[i])));
      }
    }
  }

  static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
    double max = 0;
    for (String name : a.keySet()) {
      for (int i = 0; i < a.get(name).length; i++) {
        max = Math.max(max, Math.abs(a.get(name)[i] - b.get(name)[i]));
      }
    }
    return max;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void eachChunkUpdatesWithItsOwnLossFromTheDetachedState(String backendName) {
    Backend backend = Backends.get(backendName);
    try (TensorScope scope = TensorScope.open();
        SequenceModel model = model(backend)) {
      Tensor x = Tensor.of(backend, normal(BATCH * TIME * INPUT, 1), BATCH, TIME, INPUT);
      Tensor y = Tensor.of(backend, normal(BATCH * TIME * 2, 2), BATCH, TIME, 2);
      Recording recording = new Recording(model.parameters());
      TruncatedBptt step = new TruncatedBptt(model, new MeanSquaredError(), recording, 3, false);
      step.train(new Batch(x, y));
      assertThat(recording.steps).hasSize(2);

      // chunk 1: the loss of steps 0..2 from zeros
      assertSame("chunk 1", recording.steps.get(0), gradients(model, x, y, 0, 3, null, 3));
      // chunk 2: the loss of steps 3..5 from chunk 1's final state, taken as a constant
      List<Tensor> boundary = model.forward(x.slice(1, 0, 3), null, null).detachedState();
      Map<String, float[]> truncated =
          gradients(model, x.slice(1, 3, 6), y.slice(1, 3, 6), 0, 3, boundary, 3);
      assertSame("chunk 2", recording.steps.get(1), truncated);
      // full BPTT of the same loss also reaches back into steps 0..2: a different gradient
      Map<String, float[]> full = gradients(model, x, y, 3, 6, null, 6);
      assertThat(maxDifference(recording.steps.get(1), full)).isGreaterThan(1e-4);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void oneChunkAsLongAsTheSequenceIsFullBptt(String backendName) {
    Backend backend = Backends.get(backendName);
    try (TensorScope scope = TensorScope.open();
        SequenceModel model = model(backend)) {
      Tensor x = Tensor.of(backend, normal(BATCH * TIME * INPUT, 1), BATCH, TIME, INPUT);
      Tensor y = Tensor.of(backend, normal(BATCH * TIME * 2, 2), BATCH, TIME, 2);
      Recording recording = new Recording(model.parameters());
      new TruncatedBptt(model, new MeanSquaredError(), recording, TIME, false)
          .train(new Batch(x, y));
      assertThat(recording.steps).hasSize(1);
      assertSame("k = T", recording.steps.get(0), gradients(model, x, y, 0, TIME, null, TIME));
    }
  }

  @Test
  void statefulTrainingCarriesTheStateAndResetsItAtEpochBegin() {
    Backend backend = Backends.get();
    try (TensorScope scope = TensorScope.open();
        SequenceModel model = model(backend)) {
      Tensor x = Tensor.of(backend, normal(BATCH * TIME * INPUT, 4), BATCH, TIME, INPUT);
      Tensor y = Tensor.of(backend, normal(BATCH * TIME * 2, 5), BATCH, TIME, 2);
      Recording recording = new Recording(model.parameters());
      TruncatedBptt step = new TruncatedBptt(model, new MeanSquaredError(), recording, 4, true);
      step.train(new Batch(x, y));
      // nothing was updated, so the carried state is the model's final state over the batch
      RecurrentOutput whole = model.forward(x, null, null);
      assertThat(step.carriedState()).hasSize(2);
      assertThat(step.carriedState().get(0).toArray())
          .containsExactly(whole.h().toArray(), org.assertj.core.data.Offset.offset(1e-6f));
      // the next batch starts from it: chunk 1's gradient is that of the loss from the carried h, c
      List<Tensor> carried = List.copyOf(step.carriedState());
      Map<String, float[]> expected = gradients(model, x, y, 0, 4, carried, 4);
      step.train(new Batch(x, y));
      assertSame("second batch, chunk 1", recording.steps.get(2), expected);

      step.onEpochBegin(null, 2);
      assertThat(step.carriedState()).isNull();

      step.train(new Batch(x, y));
      Tensor other = Tensor.of(backend, normal(3 * TIME * INPUT, 6), 3, TIME, INPUT);
      Tensor otherY = Tensor.of(backend, normal(3 * TIME * 2, 7), 3, TIME, 2);
      assertThatThrownBy(() -> step.train(new Batch(other, otherY)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("carried from the previous batch has 2 rows but this batch has 3");
    }
  }

  @Test
  void aTruncationLengthBelowOneIsRefused() {
    try (SequenceModel model = model(Backends.get())) {
      assertThatThrownBy(
              () ->
                  new TruncatedBptt(
                      model, new MeanSquaredError(), new Recording(model.parameters()), 0, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("TruncatedBptt: the truncation length must be at least 1 step, got 0");
    }
  }

  /** Predicting each step's input two steps back needs memory across chunk boundaries. */
  @Test
  void trainerRunsTruncatedBpttAndTheLossFalls() {
    Backend backend = Backends.get();
    int count = 64;
    int time = 12;
    float[] inputs = new float[count * time];
    float[] targets = new float[count * time];
    Random r = new Random(8);
    for (int s = 0; s < count; s++) {
      for (int t = 0; t < time; t++) {
        inputs[s * time + t] = r.nextBoolean() ? 1f : -1f;
        targets[s * time + t] = t >= 2 ? inputs[s * time + t - 2] : 0f;
      }
    }
    LayerOptions options = LayerOptions.defaults().on(backend).seed(11);
    try (SequenceModel model =
            new SequenceModel(
                null, Recurrent.gru(1, 16).build(options), new Dense(16, 1, options));
        Adam adam = new Adam(model.parameters(), 1e-2);
        DataLoader loader =
            DataLoader.builder(
                    ArrayDataset.of(inputs, new int[] {time, 1}, targets, new int[] {time, 1}))
                .batchSize(16)
                .shuffle(1)
                .backend(backend)
                .build()) {
      TruncatedBptt step = new TruncatedBptt(model, new MeanSquaredError(), adam, 4, false);
      History history =
          Trainer.builder()
              .model(model)
              .optimizer(adam)
              .step(step)
              .trainingData(loader)
              .epochs(15)
              .progress(false)
              .build()
              .fit();
      double[] loss = history.metric("loss");
      // the targets have variance 5/6 (zeros at the first two steps); a model that learned the
      // delay gets far below that
      assertThat(loss[0]).isGreaterThan(0.5);
      assertThat(loss[loss.length - 1]).isLessThan(0.25);
      assertThat(adam.iterations()).isEqualTo(15L * 4 * 3);
    }
  }
}
