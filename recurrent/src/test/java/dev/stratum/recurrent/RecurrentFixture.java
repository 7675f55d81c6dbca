package dev.stratum.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.LayerOptions;
import dev.stratum.recurrent.ReferenceRnn.Kind;
import dev.stratum.recurrent.ReferenceRnn.Topology;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.opentest4j.AssertionFailedError;

/** Builds layers of each kind, reads their parameters for the oracle, and compares arrays. */
final class RecurrentFixture {

  private RecurrentFixture() {}

  /** The backends present (vector, OpenCL where a driver is installed, the scalar reference). */
  static List<String> backends() {
    List<String> names = Backends.availableNames();
    if (names.isEmpty()) {
      throw new IllegalStateException("no backend available: " + Backends.describe());
    }
    return names;
  }

  /** A builder of {@code kind}. */
  static Recurrent.Builder builder(Kind kind, int input, int hidden) {
    return switch (kind) {
      case RNN_TANH -> Recurrent.rnn(input, hidden);
      case RNN_RELU -> Recurrent.rnn(input, hidden, SimpleRnnCell.Nonlinearity.RELU);
      case RNN_SIGMOID -> Recurrent.rnn(input, hidden, SimpleRnnCell.Nonlinearity.SIGMOID);
      case LSTM -> Recurrent.lstm(input, hidden);
      case LSTM_NO_FORGET -> Recurrent.lstm(input, hidden, LstmCell.Variant.NO_FORGET_GATE);
      case LSTM_PEEPHOLE -> Recurrent.lstm(input, hidden, LstmCell.Variant.PEEPHOLE);
      case LSTM_PEEPHOLE_FULL -> Recurrent.lstm(input, hidden, LstmCell.Variant.PEEPHOLE_FULL);
      case GRU -> Recurrent.gru(input, hidden);
      case GRU_RESET_BEFORE -> Recurrent.gru(input, hidden, false);
      case MGU -> Recurrent.mgu(input, hidden);
    };
  }

  /** A layer of {@code kind} and {@code topology} with parameters from {@code seed}. */
  static Recurrent layer(
      Backend backend, Kind kind, Topology topology, int input, int hidden, long seed) {
    return builder(kind, input, hidden)
        .layers(topology.layers())
        .bidirectional(topology.bidirectional())
        .merge(topology.sum() ? Recurrent.Merge.SUM : Recurrent.Merge.CONCAT)
        .returnSequences(topology.returnSequences())
        .build(LayerOptions.defaults().on(backend).seed(seed));
  }

  /** The layer's parameters in double, by name. */
  static Map<String, double[]> parameters(Recurrent layer) {
    Map<String, double[]> out = new LinkedHashMap<>();
    layer.parameters().forEach((name, p) -> out.put(name, toDouble(p.toArray())));
    return out;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** Normal(0, 1) values. */
  static float[] normal(int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** {@code [b][t][f]} from a batch-first flat array. */
  static double[][][] sequences(float[] flat, int batch, int time, int features) {
    double[][][] x = new double[batch][time][features];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < time; t++) {
        for (int f = 0; f < features; f++) {
          x[b][t][f] = flat[(b * time + t) * features + f];
        }
      }
    }
    return x;
  }

  /** Flattens {@code [b][t][f]} (ragged last axis allowed: all rows equally long). */
  static double[] flatten(double[][][] x) {
    return Arrays.stream(x).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
  }

  /** Flattens a final state {@code [part][index][b][j]} of one part. */
  static double[] flatten(double[][][] state, int unused) {
    return Arrays.stream(state).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
  }

  /** {@code |a − e| <= abs + rel·|e|} element-wise, with a message naming the first miss. */
  static void assertClose(String what, float[] actual, double[] expected, double abs, double rel) {
    assertThat(actual).as(what + ": length").hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(actual[i] - expected[i]);
      if (!(error <= abs + rel * Math.abs(expected[i]))) {
        throw new AssertionFailedError(
            String.format(
                "%s: element %d is %.8g, expected %.8g (error %.3g, allowed %.3g + %.3g·|e|)%n"
                    + "actual   %s%nexpected %s",
                what,
                i,
                actual[i],
                expected[i],
                error,
                abs,
                rel,
                Arrays.toString(actual),
                Arrays.toString(expected)));
      }
    }
  }

  /** Closes a tensor list's members. */
  static void close(List<Tensor> tensors) {
    tensors.forEach(Tensor::close);
  }
}
