package dev.stratum.recurrent;

import static dev.stratum.recurrent.RecurrentFixture.assertClose;
import static dev.stratum.recurrent.RecurrentFixture.toDouble;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.checkpoint.HostTensor;
import dev.stratum.checkpoint.SafeTensors;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch 1.13's {@code nn.LSTM}, {@code nn.GRU}, {@code nn.RNN}, {@code LSTMCell} and {@code
 * GRUCell}: their {@code state_dict}, saved as safetensors by {@code
 * recurrent/scripts/torch_reference.py}, loads by name through {@link Checkpoint#load} and gives
 * PyTorch's outputs, final states and gradients. Both sides compute in float32 with different
 * summation orders: outputs within {@code 2e-5 + 1e-4·|e|}, gradients within {@code 5e-5 +
 * 5e-4·|e|}.
 */
class PyTorchParityTest {

  /** A reference case: its directory and the layer that matches PyTorch's module. */
  record Case(String name, Function<LayerOptions, Recurrent> layer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> SEQUENCES =
      List.of(
          new Case(
              "lstm_2layer_bidirectional",
              o -> Recurrent.lstm(5, 4).layers(2).bidirectional(true).build(o)),
          new Case(
              "lstm_packed_bidirectional", o -> Recurrent.lstm(5, 4).bidirectional(true).build(o)),
          new Case("gru_2layer", o -> Recurrent.gru(5, 4).layers(2).build(o)),
          new Case(
              "gru_sequence_first_bidirectional",
              o -> Recurrent.gru(5, 4).bidirectional(true).sequenceFirst(true).build(o)),
          new Case("rnn_tanh_bidirectional", o -> Recurrent.rnn(5, 4).bidirectional(true).build(o)),
          new Case(
              "rnn_relu_2layer",
              o -> Recurrent.rnn(5, 4, SimpleRnnCell.Nonlinearity.RELU).layers(2).build(o)));

  static Stream<Arguments> sequences() {
    List<Arguments> args = new ArrayList<>();
    for (String backend : RecurrentFixture.backends()) {
      for (Case c : SEQUENCES) {
        args.add(Arguments.of(backend, c));
      }
    }
    return args.stream();
  }

  static Stream<String> backends() {
    return RecurrentFixture.backends().stream();
  }

  static Path resource(String name) throws Exception {
    return Path.of(PyTorchParityTest.class.getResource("/torch/" + name).toURI());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sequences")
  void stateDictLoadsByNameAndGivesPyTorchsResults(String backendName, Case c) throws Exception {
    Backend backend = Backends.get(backendName);
    Path dir = resource(c.name());
    Map<String, HostTensor> io = SafeTensors.read(dir.resolve("io.safetensors")).tensors();
    assertThat(SafeTensors.read(dir.resolve("model.safetensors")).metadata())
        .containsEntry("torch", "1.13.0a0");
    try (TensorScope scope = TensorScope.open();
        Recurrent layer = c.layer().apply(LayerOptions.defaults().on(backend).seed(1))) {
      Checkpoint.load(dir, layer);
      Tensor input = upload(backend, io.get("input")).requiresGrad(true);
      List<Tensor> initial = null;
      if (io.containsKey("h0")) {
        initial = new ArrayList<>();
        initial.add(upload(backend, io.get("h0")));
        if (io.containsKey("c0")) {
          initial.add(upload(backend, io.get("c0")));
        }
      }
      int[] lengths = null;
      if (io.containsKey("lengths")) {
        float[] l = io.get("lengths").data();
        lengths = new int[l.length];
        for (int i = 0; i < l.length; i++) {
          lengths[i] = (int) l[i];
        }
      }
      RecurrentOutput out = layer.forward(input, initial, lengths);
      assertThat(out.output().shape()).isEqualTo(io.get("output").shape());
      assertClose(c + " output", out.output().toArray(), expected(io, "output"), 2e-5, 1e-4);
      assertClose(c + " h_n", out.h().toArray(), expected(io, "h_n"), 2e-5, 1e-4);
      if (io.containsKey("c_n")) {
        assertClose(c + " c_n", out.c().toArray(), expected(io, "c_n"), 2e-5, 1e-4);
      }
      if (io.containsKey("W")) {
        Tensor loss =
            out.output()
                .mul(upload(backend, io.get("W")))
                .sum()
                .add(out.h().mul(upload(backend, io.get("V"))).sum());
        if (io.containsKey("U")) {
          loss = loss.add(out.c().mul(upload(backend, io.get("U"))).sum());
        }
        loss.backward();
        for (Map.Entry<String, Tensor> p : layer.parameters().entrySet()) {
          assertClose(
              c + " gradient of " + p.getKey(),
              p.getValue().grad().toArray(),
              expected(io, "grad." + p.getKey()),
              5e-5,
              5e-4);
        }
        assertClose(
            c + " input gradient", input.grad().toArray(), expected(io, "grad.input"), 5e-5, 5e-4);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void cellsMatchPyTorchsCells(String backendName) throws Exception {
    Backend backend = Backends.get(backendName);
    LayerOptions options = LayerOptions.defaults().on(backend).seed(1);
    try (TensorScope scope = TensorScope.open();
        LstmCell lstm = new LstmCell(5, 4, options);
        GruCell gru = new GruCell(5, 4, options)) {
      Map<String, HostTensor> io = load(lstm, "lstm_cell");
      List<Tensor> hc =
          lstm.step(
              upload(backend, io.get("input")),
              List.of(upload(backend, io.get("h0")), upload(backend, io.get("c0"))));
      assertClose("LSTMCell h", hc.get(0).toArray(), expected(io, "h1"), 2e-5, 1e-4);
      assertClose("LSTMCell c", hc.get(1).toArray(), expected(io, "c1"), 2e-5, 1e-4);

      io = load(gru, "gru_cell");
      List<Tensor> h =
          gru.step(upload(backend, io.get("input")), List.of(upload(backend, io.get("h0"))));
      assertClose("GRUCell h", h.get(0).toArray(), expected(io, "h1"), 2e-5, 1e-4);
    }
  }

  private static Map<String, HostTensor> load(Layer cell, String name) throws Exception {
    Path dir = resource(name);
    Checkpoint.load(dir, cell);
    return SafeTensors.read(dir.resolve("io.safetensors")).tensors();
  }

  private static Tensor upload(Backend backend, HostTensor h) {
    return Tensor.of(backend, h.data(), h.shape());
  }

  private static double[] expected(Map<String, HostTensor> io, String name) {
    HostTensor h = io.get(name);
    assertThat(h).as("reference tensor " + name).isNotNull();
    return toDouble(h.data());
  }
}
