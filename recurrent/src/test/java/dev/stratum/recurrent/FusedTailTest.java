package dev.stratum.recurrent;

import static dev.stratum.recurrent.RecurrentFixture.assertClose;
import static dev.stratum.recurrent.RecurrentFixture.normal;
import static dev.stratum.recurrent.RecurrentFixture.toDouble;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.backend.fused.FusedGruCell;
import dev.stratum.backend.fused.FusedLstmCell;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused LSTM and GRU tails, where a backend offers them, give what their tensor-op compositions
 * give: outputs, gradients, and (through a graph of the gradient) second derivatives. Hidden size
 * 19 runs both a vector body and a scalar tail on the vector backend. Tolerance {@code 2e-5 +
 * 1e-5·|e|}: the two differ only in where sigmoid and tanh take their vector or scalar form.
 */
class FusedTailTest {

  static final int BATCH = 3;
  static final int HIDDEN = 19;

  static Stream<String> backends() {
    return RecurrentFixture.backends().stream();
  }

  /** The backends that offer the fused LSTM tail (vector and OpenCL; not the scalar reference). */
  static Stream<String> offeringLstm() {
    return backends().filter(n -> Backends.get(n).capability(FusedLstmCell.class).isPresent());
  }

  static Stream<String> offeringGru() {
    return backends().filter(n -> Backends.get(n).capability(FusedGruCell.class).isPresent());
  }

  /** Inputs of an LSTM tail: xp, hh [B, 4H], cPrev [B, H]. */
  static List<Tensor> lstmInputs(Backend b) {
    return List.of(
        Tensor.of(b, normal(BATCH * 4 * HIDDEN, 1), BATCH, 4 * HIDDEN).requiresGrad(true),
        Tensor.of(b, normal(BATCH * 4 * HIDDEN, 2), BATCH, 4 * HIDDEN).requiresGrad(true),
        Tensor.of(b, normal(BATCH * HIDDEN, 3), BATCH, HIDDEN).requiresGrad(true));
  }

  /** Inputs of a GRU tail: xp, hh [B, 3H], bhh [3H], hPrev [B, H]. */
  static List<Tensor> gruInputs(Backend b) {
    return List.of(
        Tensor.of(b, normal(BATCH * 3 * HIDDEN, 4), BATCH, 3 * HIDDEN).requiresGrad(true),
        Tensor.of(b, normal(BATCH * 3 * HIDDEN, 5), BATCH, 3 * HIDDEN).requiresGrad(true),
        Tensor.of(b, normal(3 * HIDDEN, 6), 3 * HIDDEN).requiresGrad(true),
        Tensor.of(b, normal(BATCH * HIDDEN, 7), BATCH, HIDDEN).requiresGrad(true));
  }

  /** A scalar of the outputs with fixed random weights. */
  static Tensor objective(List<Tensor> outputs) {
    Tensor sum = null;
    for (int i = 0; i < outputs.size(); i++) {
      Tensor o = outputs.get(i);
      Tensor term = o.mul(Tensor.of(o.backend(), normal(o.size(), 10 + i), o.shape())).sum();
      sum = sum == null ? term : sum.add(term);
    }
    return sum;
  }

  static void compare(
      String what,
      List<Tensor> inputs,
      Function<List<Tensor>, List<Tensor>> fused,
      Function<List<Tensor>, List<Tensor>> composed) {
    List<Tensor> a = fused.apply(inputs);
    List<Tensor> e = composed.apply(inputs);
    for (int i = 0; i < a.size(); i++) {
      assertClose(
          what + " output " + i, a.get(i).toArray(), toDouble(e.get(i).toArray()), 2e-5, 1e-5);
    }
    List<Tensor> ga = Autograd.grad(List.of(objective(a)), inputs, false);
    List<Tensor> ge = Autograd.grad(List.of(objective(e)), inputs, false);
    for (int i = 0; i < inputs.size(); i++) {
      assertClose(
          what + " gradient " + i, ga.get(i).toArray(), toDouble(ge.get(i).toArray()), 2e-5, 1e-5);
    }
    // second derivatives: the gradient, with a graph, weighted and differentiated again
    List<Tensor> ha = secondDerivatives(fused, inputs);
    List<Tensor> he = secondDerivatives(composed, inputs);
    for (int i = 0; i < inputs.size(); i++) {
      assertClose(
          what + " second derivative " + i,
          ha.get(i).toArray(),
          toDouble(he.get(i).toArray()),
          5e-5,
          1e-4);
    }
  }

  static List<Tensor> secondDerivatives(
      Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs) {
    List<Tensor> g = Autograd.grad(List.of(objective(f.apply(inputs))), inputs, true);
    return Autograd.grad(List.of(objective(new ArrayList<>(g))), inputs, false);
  }

  @ParameterizedTest
  @MethodSource("offeringLstm")
  void theFusedLstmTailGivesItsComposition(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      compare(
          name + " LSTM tail",
          lstmInputs(backend),
          in -> LstmTail.apply(in.get(0), in.get(1), in.get(2), HIDDEN),
          in -> LstmTail.composed(in.get(0), in.get(1), in.get(2)));
    }
  }

  @ParameterizedTest
  @MethodSource("offeringGru")
  void theFusedGruTailGivesItsComposition(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      compare(
          name + " GRU tail",
          gruInputs(backend),
          in -> List.of(GruTail.apply(in.get(0), in.get(1), in.get(2), in.get(3))),
          in -> List.of(GruTail.composed(in.get(0), in.get(1), in.get(2), in.get(3))));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theWeightGradientOfAllStepsAtOnceIsTheSumOverSteps(String name) {
    Backend backend = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor w = Tensor.of(backend, normal(12 * 4, 8), 12, 4).requiresGrad(true);
      Tensor h0 = Tensor.of(backend, normal(2 * 4, 9), 2, 4).requiresGrad(true);
      // three steps h_{t+1} = tanh(h_t·Wᵀ)[:, :4]; the projection's W gradient comes in one product
      HiddenProjection projection = new HiddenProjection(w);
      Tensor h = h0;
      Tensor hByHand = h0;
      for (int t = 0; t < 3; t++) {
        h = projection.apply(h).slice(1, 0, 4).tanh();
        hByHand = hByHand.matmul(w, false, true).slice(1, 0, 4).tanh();
      }
      List<Tensor> once = Autograd.grad(List.of(h.sum()), List.of(w, h0), false);
      List<Tensor> perStep = Autograd.grad(List.of(hByHand.sum()), List.of(w, h0), false);
      assertClose("W", once.get(0).toArray(), toDouble(perStep.get(0).toArray()), 1e-6, 1e-5);
      assertClose("h0", once.get(1).toArray(), toDouble(perStep.get(1).toArray()), 1e-6, 1e-5);
      assertThat(once.get(0).abs().sum().item()).isPositive();
    }
  }
}
