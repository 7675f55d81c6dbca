package dev.stratum.recurrent;

import static dev.stratum.recurrent.RecurrentFixture.assertClose;
import static dev.stratum.recurrent.RecurrentFixture.normal;
import static dev.stratum.recurrent.RecurrentFixture.toDouble;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.backend.fused.PackedMatmul;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HiddenProjection} on a backend that offers {@link PackedMatmul}: from the second step on,
 * the forward products read {@code Wᵀ} packed once, and the backward products {@code W} packed
 * once; the results are those of plain {@code matmul} bit for bit (the capability's definition),
 * and both packed copies are freed when the sequence and its backward pass end.
 */
class HiddenProjectionTest {

  static final int BATCH = 3;
  static final int HIDDEN = 19;
  static final int STEPS = 5;

  static Stream<String> offering() {
    return RecurrentFixture.backends().stream()
        .filter(n -> Backends.get(n).capability(PackedMatmul.class).isPresent());
  }

  @ParameterizedTest
  @MethodSource("offering")
  void packedStepsGiveWhatMatmulGivesAndFreeBothPackedWeights(String name) {
    Backend b = Backends.get(name);
    int live = b.liveStorages();
    try (TensorScope ignored = TensorScope.open()) {
      Tensor w = Tensor.of(b, normal(HIDDEN * HIDDEN, 1), HIDDEN, HIDDEN).requiresGrad(true);
      Tensor h0 = Tensor.of(b, normal(BATCH * HIDDEN, 2), BATCH, HIDDEN).requiresGrad(true);
      Tensor r = Tensor.of(b, normal(BATCH * HIDDEN, 3), BATCH, HIDDEN);

      HiddenProjection projection = new HiddenProjection(w);
      Tensor h = h0;
      Tensor plain = h0;
      for (int t = 0; t < STEPS; t++) {
        Tensor x = Tensor.of(b, normal(BATCH * HIDDEN, 10 + t), BATCH, HIDDEN);
        h = projection.apply(h).add(x).tanh();
        plain = plain.matmul(w, false, true).add(x).tanh();
        assertThat(h.toArray()).as("step %d", t).isEqualTo(plain.toArray());
      }
      int beforeFinish = b.liveStorages();
      projection.finish();
      assertThat(b.liveStorages()).as("finish frees the packed Wᵀ").isEqualTo(beforeFinish - 1);

      h.mul(r).sum().backward();
      float[] dh0 = h0.grad().toArray();
      float[] dw = w.grad().toArray();
      h0.zeroGrad();
      w.zeroGrad();
      plain.mul(r).sum().backward();
      // dh is g·W from the packed W at every step: identical; dW is one product over all steps
      // against a sum of per-step products: the same terms summed in another order
      assertThat(dh0).isEqualTo(h0.grad().toArray());
      assertClose("dW", dw, toDouble(w.grad().toArray()), 1e-5, 1e-5);
    }
    assertThat(b.liveStorages())
        .as("nothing outlives the scope, the packed W included")
        .isEqualTo(live);
  }
}
