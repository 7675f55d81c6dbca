package dev.stratum.recurrent;

import static dev.stratum.recurrent.RecurrentFixture.assertClose;
import static dev.stratum.recurrent.RecurrentFixture.normal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.recurrent.ReferenceRnn.Kind;
import dev.stratum.recurrent.ReferenceRnn.Topology;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients of every parameter, of the input and of the initial state, by autograd in float,
 * against central finite differences of the double-precision {@link ReferenceRnn} (step {@code
 * 1e-5}: truncation {@code ~h²} and rounding {@code ~1e-16/h} are both below 1e-9), for the loss
 * {@code L = Σ output·W + Σ finalState·V} with fixed random W and V. Tolerance {@code 5e-5 +
 * 5e-4·|numeric|}: float32 autograd through a few steps carries errors of order 1e-6.
 */
class RecurrentGradientTest {

  static final double ABS = 5e-5;
  static final double REL = 5e-4;
  static final double STEP = 1e-5;
  static final int BATCH = 2;
  static final int TIME = 4;
  static final int INPUT = 3;
  static final int HIDDEN = 2;

  /** A topology, lengths or not, initial state given or not. */
  record Case(Topology topology, int[] lengths, boolean initialState) {
    @Override
    public String toString() {
      Topology t = topology;
      return t.layers()
          + " layer(s)"
          + (t.bidirectional() ? ", bidirectional" : "")
          + (t.returnSequences() ? "" : ", last output")
          + (lengths != null ? ", lengths" : "")
          + (initialState ? ", initial state" : "");
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(new Topology(1, false, false, true), null, true),
          new Case(new Topology(2, true, false, true), new int[] {4, 2}, false),
          new Case(new Topology(1, true, true, false), new int[] {3, 4}, true));

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    for (String backend : RecurrentFixture.backends()) {
      for (Kind kind : Kind.values()) {
        for (Case c : CASES) {
          args.add(Arguments.of(backend, kind, c));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(String backendName, Kind kind, Case c) {
    Backend backend = Backends.get(backendName);
    Topology topology = c.topology();
    int states = topology.layers() * topology.directions();
    float[] x = normal(BATCH * TIME * INPUT, 21);
    float[][] h0 = new float[kind.parts][];
    for (int p = 0; p < kind.parts; p++) {
      h0[p] = c.initialState() ? normal(states * BATCH * HIDDEN, 30 + p) : null;
    }
    try (TensorScope scope = TensorScope.open();
        Recurrent layer = RecurrentFixture.layer(backend, kind, topology, INPUT, HIDDEN, 9)) {
      Tensor input = Tensor.of(backend, x, BATCH, TIME, INPUT).requiresGrad(true);
      List<Tensor> initial = null;
      if (c.initialState()) {
        initial = new ArrayList<>();
        for (int p = 0; p < kind.parts; p++) {
          initial.add(Tensor.of(backend, h0[p], states, BATCH, HIDDEN).requiresGrad(true));
        }
      }
      RecurrentOutput out = layer.forward(input, initial, c.lengths());
      float[] w = normal(out.output().size(), 41);
      float[][] v = new float[kind.parts][];
      Tensor loss = out.output().mul(Tensor.of(backend, w, out.output().shape())).sum();
      for (int p = 0; p < kind.parts; p++) {
        Tensor s = out.finalState().get(p);
        v[p] = normal(s.size(), 50 + p);
        loss = loss.add(s.mul(Tensor.of(backend, v[p], s.shape())).sum());
      }
      loss.backward();

      Map<String, double[]> params = RecurrentFixture.parameters(layer);
      double[][][] xs = RecurrentFixture.sequences(x, BATCH, TIME, INPUT);
      double[][][][] init = c.initialState() ? initial(h0, states) : null;
      Loss reference = new Loss(kind, topology, params, c.lengths(), w, v);

      for (Map.Entry<String, Tensor> p : layer.parameters().entrySet()) {
        double[] values = params.get(p.getKey());
        double[] numeric =
            numeric(values.length, j -> perturb(values, j, d -> reference.of(xs, init)));
        assertThat(p.getValue().grad()).as(layer + " gradient of " + p.getKey()).isNotNull();
        assertClose(
            layer + " gradient of " + p.getKey(), p.getValue().grad().toArray(), numeric, ABS, REL);
      }
      double[] flatX = RecurrentFixture.toDouble(x);
      double[] numericX =
          numeric(flatX.length, j -> perturb(flatX, j, d -> reference.of(sequences(flatX), init)));
      assertClose(layer + " input gradient", input.grad().toArray(), numericX, ABS, REL);
      if (c.initialState()) {
        for (int p = 0; p < kind.parts; p++) {
          int part = p;
          double[] flat = RecurrentFixture.toDouble(h0[p]);
          double[] numericH =
              numeric(
                  flat.length,
                  j ->
                      perturb(
                          flat, j, d -> reference.of(xs, initialExact(h0, part, flat, states))));
          assertClose(
              layer + " initial state " + p + " gradient",
              initial.get(p).grad().toArray(),
              numericH,
              ABS,
              REL);
        }
      }
    }
  }

  /** The reference loss as a function of the inputs it may be perturbed in. */
  private static final class Loss {
    private final ReferenceRnn rnn;
    private final int[] lengths;
    private final float[] w;
    private final float[][] v;

    Loss(
        Kind kind,
        Topology topology,
        Map<String, double[]> params,
        int[] lengths,
        float[] w,
        float[][] v) {
      this.rnn = new ReferenceRnn(kind, topology, HIDDEN, params);
      this.lengths = lengths;
      this.w = w;
      this.v = v;
    }

    double of(double[][][] x, double[][][][] initial) {
      ReferenceRnn.Result r = rnn.run(x, lengths, initial);
      double[] out = RecurrentFixture.flatten(r.output());
      double sum = 0;
      for (int i = 0; i < out.length; i++) {
        sum += out[i] * w[i];
      }
      for (int p = 0; p < v.length; p++) {
        double[] s = RecurrentFixture.flatten(r.state()[p], 0);
        for (int i = 0; i < s.length; i++) {
          sum += s[i] * v[p][i];
        }
      }
      return sum;
    }
  }

  /** Central difference of {@code f} in element {@code j} of {@code values} (restored after). */
  private static double perturb(double[] values, int j, DoubleUnaryOperator f) {
    double original = values[j];
    values[j] = original + STEP;
    double plus = f.applyAsDouble(0);
    values[j] = original - STEP;
    double minus = f.applyAsDouble(0);
    values[j] = original;
    return (plus - minus) / (2 * STEP);
  }

  private static double[] numeric(int n, java.util.function.IntToDoubleFunction derivative) {
    double[] d = new double[n];
    for (int j = 0; j < n; j++) {
      d[j] = derivative.applyAsDouble(j);
    }
    return d;
  }

  private static double[][][][] initial(float[][] h0, int states) {
    double[][][][] init = new double[h0.length][states][BATCH][HIDDEN];
    for (int p = 0; p < h0.length; p++) {
      for (int s = 0; s < states; s++) {
        for (int b = 0; b < BATCH; b++) {
          for (int j = 0; j < HIDDEN; j++) {
            init[p][s][b][j] = h0[p][(s * BATCH + b) * HIDDEN + j];
          }
        }
      }
    }
    return init;
  }

  private static double[][][][] initialExact(float[][] h0, int part, double[] flat, int states) {
    double[][][][] init = initial(h0, states);
    for (int s = 0; s < states; s++) {
      for (int b = 0; b < BATCH; b++) {
        for (int j = 0; j < HIDDEN; j++) {
          init[part][s][b][j] = flat[(s * BATCH + b) * HIDDEN + j];
        }
      }
    }
    return init;
  }

  /** {@code [b][t][f]} from a batch-first flat array in double (perturbations survive). */
  private static double[][][] sequences(double[] flat) {
    double[][][] x = new double[BATCH][TIME][INPUT];
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < TIME; t++) {
        for (int f = 0; f < INPUT; f++) {
          x[b][t][f] = flat[(b * TIME + t) * INPUT + f];
        }
      }
    }
    return x;
  }
}
