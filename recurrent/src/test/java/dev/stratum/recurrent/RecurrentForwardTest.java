package dev.stratum.recurrent;

import static dev.stratum.recurrent.RecurrentFixture.assertClose;
import static dev.stratum.recurrent.RecurrentFixture.flatten;
import static dev.stratum.recurrent.RecurrentFixture.normal;
import static dev.stratum.recurrent.RecurrentFixture.sequences;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.recurrent.ReferenceRnn.Kind;
import dev.stratum.recurrent.ReferenceRnn.Topology;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell in several topologies against {@link ReferenceRnn}, on every backend present.
 * Tolerance: {@code 2e-5 + 1e-4·|expected|}; float32 rounding over five steps of sums of a few
 * terms of magnitude ≤ 3 stays below 1e-5, and a backend's sigmoid and tanh are within a few ulp.
 */
class RecurrentForwardTest {

  static final double ABS = 2e-5;
  static final double REL = 1e-4;
  static final int BATCH = 3;
  static final int TIME = 5;
  static final int INPUT = 4;
  static final int HIDDEN = 3;

  /** Topologies, and whether the batch has lengths. */
  record Case(Topology topology, boolean lengths) {
    @Override
    public String toString() {
      Topology t = topology;
      return t.layers()
          + " layer(s)"
          + (t.bidirectional() ? ", bidirectional " + (t.sum() ? "sum" : "concat") : "")
          + (t.returnSequences() ? "" : ", last output")
          + (lengths ? ", lengths" : "");
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(new Topology(1, false, false, true), false),
          new Case(new Topology(2, true, false, true), true),
          new Case(new Topology(1, true, true, false), true),
          new Case(new Topology(2, false, false, false), true));

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
  void forwardMatchesDoublePrecisionLoop(String backendName, Kind kind, Case c) {
    Backend backend = Backends.get(backendName);
    int[] lengths = c.lengths() ? new int[] {5, 2, 4} : null;
    float[] x = normal(BATCH * TIME * INPUT, 11);
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad();
        Recurrent layer = RecurrentFixture.layer(backend, kind, c.topology(), INPUT, HIDDEN, 5)) {
      RecurrentOutput out = layer.forward(Tensor.of(backend, x, BATCH, TIME, INPUT), null, lengths);
      ReferenceRnn.Result expected =
          new ReferenceRnn(kind, c.topology(), HIDDEN, RecurrentFixture.parameters(layer))
              .run(sequences(x, BATCH, TIME, INPUT), lengths, null);
      assertClose(layer + " output", out.output().toArray(), flatten(expected.output()), ABS, REL);
      for (int part = 0; part < kind.parts; part++) {
        assertClose(
            layer + " final state " + part,
            out.finalState().get(part).toArray(),
            flatten(expected.state()[part], 0),
            ABS,
            REL);
      }
    }
  }
}
