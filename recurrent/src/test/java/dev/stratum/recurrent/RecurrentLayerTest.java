package dev.stratum.recurrent;

import static dev.stratum.recurrent.RecurrentFixture.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Topologies, variable lengths, a user's own cell, and the messages for bad input. */
class RecurrentLayerTest {

  static Stream<String> backends() {
    return RecurrentFixture.backends().stream();
  }

  static LayerOptions options(Backend backend) {
    return LayerOptions.defaults().on(backend).seed(17);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void paddedStepsChangeNeitherTheStateNorTheLossInEitherDirection(String name) {
    Backend backend = Backends.get(name);
    int[] lengths = {5, 2, 3};
    float[] x = normal(3 * 5 * 4, 1);
    float[] changed = x.clone();
    for (int b = 0; b < 3; b++) {
      for (int t = lengths[b]; t < 5; t++) {
        for (int f = 0; f < 4; f++) {
          changed[(b * 5 + t) * 4 + f] = 100f + f;
        }
      }
    }
    try (TensorScope scope = TensorScope.open();
        Recurrent lstm =
            Recurrent.lstm(4, 3).layers(2).bidirectional(true).build(options(backend))) {
      Tensor input = Tensor.of(backend, x, 3, 5, 4).requiresGrad(true);
      RecurrentOutput a = lstm.forward(input, null, lengths);
      RecurrentOutput b = lstm.forward(Tensor.of(backend, changed, 3, 5, 4), null, lengths);
      assertThat(b.output().toArray()).containsExactly(a.output().toArray());
      assertThat(b.h().toArray()).containsExactly(a.h().toArray());
      assertThat(b.c().toArray()).containsExactly(a.c().toArray());
      float[] out = a.output().toArray();
      for (int bi = 0; bi < 3; bi++) {
        for (int t = lengths[bi]; t < 5; t++) {
          for (int f = 0; f < 6; f++) {
            assertThat(out[(bi * 5 + t) * 6 + f]).as("padded output").isZero();
          }
        }
      }
      a.output().square().sum().add(a.h().sum()).backward();
      float[] g = input.grad().toArray();
      for (int bi = 0; bi < 3; bi++) {
        for (int t = 0; t < 5; t++) {
          for (int f = 0; f < 4; f++) {
            float v = g[(bi * 5 + t) * 4 + f];
            if (t >= lengths[bi]) {
              assertThat(v).as("gradient at a padded step").isZero();
            }
          }
        }
      }
      assertThat(g[0]).isNotZero();
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aMaskGivesWhatLengthsGive(String name) {
    Backend backend = Backends.get(name);
    float[] mask = {1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Recurrent gru = Recurrent.gru(2, 3).bidirectional(true).build(options(backend))) {
      Tensor x = Tensor.of(backend, normal(2 * 5 * 2, 2), 2, 5, 2);
      RecurrentOutput byLengths = gru.forward(x, null, new int[] {5, 2});
      RecurrentOutput byMask = gru.forward(x, null, Tensor.of(backend, mask, 2, 5));
      assertThat(byMask.output().toArray()).containsExactly(byLengths.output().toArray());
      assertThat(byMask.h().toArray()).containsExactly(byLengths.h().toArray());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void sequenceFirstIsBatchFirstTransposed(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Recurrent batchFirst = Recurrent.lstm(2, 3).layers(2).build(options(backend));
        Recurrent sequenceFirst =
            Recurrent.lstm(2, 3).layers(2).sequenceFirst(true).build(options(backend))) {
      Tensor x = Tensor.of(backend, normal(4 * 5 * 2, 3), 4, 5, 2);
      RecurrentOutput a = batchFirst.forward(x, null, (Tensor) null);
      RecurrentOutput b = sequenceFirst.forward(x.transpose(0, 1), null, (Tensor) null);
      assertThat(b.output().transpose(0, 1).toArray()).containsExactly(a.output().toArray());
      assertThat(b.h().toArray()).containsExactly(a.h().toArray());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theLastOutputIsTheFinalStateOfBothDirectionsMerged(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Recurrent last =
            Recurrent.rnn(2, 3)
                .bidirectional(true)
                .returnSequences(false)
                .build(options(backend))) {
      RecurrentOutput out =
          last.forward(Tensor.of(backend, normal(20, 4), 2, 5, 2), null, (Tensor) null);
      assertThat(out.output().shape()).containsExactly(2, 6);
      Tensor expected =
          Tensor.concat(List.of(out.h().unbind(0).get(0), out.h().unbind(0).get(1)), 1);
      assertThat(out.output().toArray()).containsExactly(expected.toArray());
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void dropoutBetweenLayersActsOnlyInTraining(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Recurrent plain = Recurrent.gru(2, 8).layers(2).build(options(backend));
        Recurrent dropped = Recurrent.gru(2, 8).layers(2).dropout(0.5).build(options(backend))) {
      Tensor x = Tensor.of(backend, normal(2 * 4 * 2, 5), 2, 4, 2);
      float[] reference = plain.forward(x).toArray();
      assertThat(dropped.forward(x).toArray()).isNotEqualTo(reference);
      dropped.eval();
      assertThat(dropped.forward(x).toArray()).containsExactly(reference);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aDenseHeadAppliesToEveryStep(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Recurrent lstm = Recurrent.lstm(2, 3).build(options(backend));
        Dense head = new Dense(3, 2, options(backend))) {
      Tensor sequence = lstm.forward(Tensor.of(backend, normal(2 * 4 * 2, 6), 2, 4, 2));
      float[] direct = head.forward(sequence).toArray();
      float[] wrapped = new TimeDistributed(head).forward(sequence).toArray();
      assertThat(wrapped).containsExactly(direct);
      float[] step2 = head.forward(sequence.unbind(1).get(2)).toArray();
      for (int b = 0; b < 2; b++) {
        for (int o = 0; o < 2; o++) {
          assertThat(direct[(b * 4 + 2) * 2 + o]).isEqualTo(step2[b * 2 + o]);
        }
      }
    }
  }

  /**
   * A cell of the user's, {@code h_t = tanh(W x_t + a*h_{t−1})}: a config record, a layer type, two
   * parameters and one line of tensor ops.
   */
  static final class LeakyCell extends RecurrentCell {
    record Config(int inputSize, int hiddenSize) {}

    static final LayerType<Config> TYPE =
        LayerType.of(
            "leaky_cell",
            Config.class,
            (c, backend) -> new LeakyCell(c, LayerOptions.defaults().on(backend)));

    final Tensor weight;
    final Tensor decay;

    LeakyCell(Config c, LayerOptions options) {
      super(TYPE, c, options, c.inputSize(), c.hiddenSize());
      weight =
          parameter(
              "weight",
              ParameterShape.of(c.hiddenSize(), c.inputSize())
                  .fanIn(c.inputSize())
                  .fanOut(c.hiddenSize()),
              Initializer.fanInUniform());
      decay = parameter("decay", Tensor.full(options.resolveBackend(), 0.5f, c.hiddenSize()));
    }

    @Override
    public List<Tensor> step(Tensor input, List<Tensor> state) {
      return List.of(input.matmul(weight, false, true).add(state.get(0).mul(decay)).tanh());
    }

    @Override
    protected String describe() {
      return "LeakyCell(" + inputSize() + " -> " + hiddenSize() + ")";
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aUsersCellRunsInTheSameMachinery(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open();
        Recurrent layer =
            Recurrent.of(3, 4, (in, o) -> new LeakyCell(new LeakyCell.Config(in, 4), o))
                .layers(2)
                .bidirectional(true)
                .build(options(backend))) {
      assertThat(layer.parameters().keySet())
          .containsExactly(
              "weight_l0",
              "decay_l0",
              "weight_l0_reverse",
              "decay_l0_reverse",
              "weight_l1",
              "decay_l1",
              "weight_l1_reverse",
              "decay_l1_reverse");
      Tensor x = Tensor.of(backend, normal(2 * 3 * 3, 7), 2, 3, 3);
      RecurrentOutput out = layer.forward(x, null, new int[] {3, 2});
      // the forward direction of layer 0, stepped by hand
      RecurrentCell cell = layer.cell(0, 0);
      List<Tensor> state = cell.zeroState(2);
      List<Tensor> steps = x.unbind(1);
      for (Tensor step : steps) {
        state = cell.step(step, state);
      }
      float[] h = out.h().unbind(0).get(0).toArray();
      float[] byHand = state.get(0).toArray();
      for (int j = 0; j < 4; j++) {
        assertThat(h[j]).isCloseTo(byHand[j], org.assertj.core.data.Offset.offset(1e-6f));
      }
      // the layers above the first are made from the first cell's config with its input size
      assertThat(layer.cell(1, 1).inputSize()).isEqualTo(8);
      assertThat(layer.config().get("cell"))
          .isEqualTo(
              Map.of("type", "leaky_cell", "config", Map.of("inputSize", 3, "hiddenSize", 4)));
      out.output().sum().backward();
      assertThat(layer.parameters().get("decay_l1_reverse").grad()).isNotNull();
      assertThat(layer.parameters().get("decay_l1_reverse").grad().abs().sum().item()).isPositive();
    }
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void badInputGetsAMessageNamingTheLayerAndTheShapes() {
    Backend backend = Backends.get();
    try (TensorScope scope = TensorScope.open();
        Recurrent lstm =
            Recurrent.lstm(4, 3).layers(2).bidirectional(true).build(options(backend))) {
      String name = "Recurrent(LstmCell(4 -> 3), 2 layers, bidirectional concat)";
      assertThatThrownBy(() -> lstm.forward(Tensor.zeros(backend, 2, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(name + ": input [2, 4] does not fit: expected [batch, time, 4] (rank 3)");
      assertThatThrownBy(() -> lstm.forward(Tensor.zeros(backend, 2, 5, 3)))
          .hasMessage(name + ": input [2, 5, 3] does not fit: expected [batch, time, 4] (rank 3)");
      Tensor x = Tensor.zeros(backend, 2, 5, 4);
      assertThatThrownBy(
              () -> lstm.forward(x, List.of(Tensor.zeros(backend, 4, 2, 3)), (int[]) null))
          .hasMessage(name + ": the initial state has 1 tensors, expected 2 (h and c)");
      assertThatThrownBy(
              () ->
                  lstm.forward(
                      x,
                      List.of(Tensor.zeros(backend, 4, 2, 3), Tensor.zeros(backend, 2, 2, 3)),
                      (int[]) null))
          .hasMessage(
              name
                  + ": initial state c has shape [2, 2, 3], expected [4, 2, 3]"
                  + " (layers·directions, batch, hidden)");
      assertThatThrownBy(
              () ->
                  lstm.forward(
                      x,
                      List.of(Tensor.zeros(backend, 4, 8, 3), Tensor.zeros(backend, 4, 8, 3)),
                      (int[]) null))
          .hasMessage(
              name
                  + ": initial state h has shape [4, 8, 3], expected [4, 2, 3]"
                  + " (layers·directions, batch, hidden); a state carried from a batch of 8 into"
                  + " a batch of 2 must be reset");
      assertThatThrownBy(() -> lstm.forward(x, null, new int[] {5, 6}))
          .hasMessage(
              name
                  + ": length 6 of sequence 1 is outside [1, 5] (input [2, 5, 4] has 5 time"
                  + " steps)");
      assertThatThrownBy(() -> lstm.forward(x, null, new int[] {0, 5}))
          .hasMessageContaining("length 0 of sequence 0 is outside [1, 5]");
      assertThatThrownBy(() -> lstm.forward(x, null, new int[] {5}))
          .hasMessage(name + ": 1 lengths for a batch of 2 sequences (input [2, 5, 4])");
      assertThatThrownBy(() -> lstm.forward(x, null, Tensor.ones(backend, 5, 2)))
          .hasMessage(name + ": the mask has shape [5, 2], expected [batch 2, time 5]");
    }
  }

  @Test
  void badConfigurationIsRefusedWithTheValue() {
    assertThatThrownBy(() -> Recurrent.lstm(4, 3).layers(0))
        .hasMessage("Recurrent: layers must be at least 1, got 0");
    assertThatThrownBy(() -> Recurrent.lstm(4, 3).dropout(1.0))
        .hasMessage("Recurrent: the drop probability must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> new LstmCell(0, 3, LayerOptions.defaults()))
        .hasMessage("LstmCell: sizes must be at least 1, got input 0 and hidden 3");
    assertThatThrownBy(() -> Recurrent.of(4, 3, (in, o) -> new GruCell(in, 5, o)).build())
        .hasMessageContaining("expected input 4 and hidden 3");
  }

  @Test
  void aCellChecksItsState() {
    Backend backend = Backends.get();
    try (TensorScope scope = TensorScope.open();
        LstmCell cell = new LstmCell(3, 2, options(backend))) {
      assertThatThrownBy(() -> cell.checkState(List.of(Tensor.zeros(backend, 4, 2)), 4))
          .hasMessage("LstmCell(3 -> 2): the state has 1 tensors, expected 2 (h and c)");
      assertThatThrownBy(
              () ->
                  cell.checkState(
                      List.of(Tensor.zeros(backend, 4, 2), Tensor.zeros(backend, 3, 2)), 4))
          .hasMessage("LstmCell(3 -> 2): state tensor 1 has shape [3, 2], expected [4, 2]");
      assertThatThrownBy(() -> cell.forward(Tensor.zeros(backend, 4, 2)))
          .hasMessage("LstmCell(3 -> 2): input [4, 2] does not fit: expected [batch, 3]");
    }
  }
}
