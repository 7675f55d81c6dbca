package dev.stratum.crossbackend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.fused.FusedAdam;
import dev.stratum.backend.opencl.OpenClBackend;
import dev.stratum.backend.opencl.RequiresOpenCl;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenCL backend against the vector backend: identical random streams, exact transfers both
 * ways, fused Adam steps that agree, 20 training steps that agree, and device memory back at its
 * baseline after 1,000 steps.
 */
@RequiresOpenCl
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClCrossBackendTest {

  private final Backend vector = Backends.get("vector");
  private OpenClBackend opencl;

  @BeforeAll
  void open() {
    opencl = (OpenClBackend) Backends.create("opencl", BackendOptions.defaults());
  }

  @AfterAll
  void close() {
    opencl.close();
  }

  @Test
  void sameSeedGivesIdenticalRandomStreams() {
    try (TensorScope scope = TensorScope.open()) {
      for (long seed : new long[] {0, 123, -7, 0xDEAD_BEEF_CAFEL}) {
        Generator a = new Generator(seed);
        Generator b = new Generator(seed);
        for (int draw = 0; draw < 3; draw++) {
          assertThat(a.normal(opencl, 0.5f, 2f, 4099).toArray())
              .containsExactly(b.normal(vector, 0.5f, 2f, 4099).toArray());
          assertThat(a.uniform(opencl, -3f, 3f, 7, 11).toArray())
              .containsExactly(b.uniform(vector, -3f, 3f, 7, 11).toArray());
          assertThat(a.bernoulli(opencl, 0.25f, 1021).toArray())
              .containsExactly(b.bernoulli(vector, 0.25f, 1021).toArray());
        }
      }
    }
  }

  @Test
  void movingBetweenBackendsRoundTripsExactly() {
    try (TensorScope scope = TensorScope.open()) {
      float[] special = {
        Float.NaN,
        Float.intBitsToFloat(0x7fc01234),
        Float.POSITIVE_INFINITY,
        -0f,
        Float.MIN_VALUE,
        1e38f,
        -7.25f,
        0x1.fffffep-1f
      };
      for (Backend start : List.of(vector, opencl)) {
        Backend other = start == vector ? opencl : vector;
        Tensor original = Tensor.of(start, special, 2, 4);
        Tensor there = original.to(other);
        Tensor back = there.to(start);
        assertThat(there.backend()).isSameAs(other);
        assertThat(back.shape()).containsExactly(2, 4);
        float[] values = back.toArray();
        float[] remote = there.toArray();
        for (int i = 0; i < special.length; i++) {
          assertThat(Float.floatToRawIntBits(values[i]))
              .isEqualTo(Float.floatToRawIntBits(special[i]));
          assertThat(Float.floatToRawIntBits(remote[i]))
              .isEqualTo(Float.floatToRawIntBits(special[i]));
        }
      }
    }
  }

  /**
   * The fused Adam kernels of the two backends on the same data. Both round every operation to
   * float in {@link FusedAdam}'s order, so on a device with IEEE division and square root (a CPU
   * under PoCL; OpenCL only promises 2.5 ulps for them otherwise) they agree bit for bit; elsewhere
   * within 4 ulps of the parameter.
   */
  @Test
  void fusedAdamAgreesWithTheVectorBackend() {
    int n = 4099;
    Generator g = new Generator(17);
    float[][] start = {
      g.uniform(vector, -2f, 2f, n).toArray(),
      g.uniform(vector, -1f, 1f, n).toArray(),
      g.uniform(vector, -0.5f, 0.5f, n).toArray(),
      g.uniform(vector, 0f, 0.25f, n).toArray()
    };
    float[][] onOpenCl = adamSteps(opencl, start);
    float[][] onVector = adamSteps(vector, start);
    boolean ieee = !opencl.deviceInfo().isGpu();
    for (int t = 0; t < onVector.length; t++) {
      for (int i = 0; i < n; i++) {
        float want = onVector[t][i];
        if (ieee) {
          assertThat(Float.floatToRawIntBits(onOpenCl[t][i]))
              .as("tensor %d element %d: %s against %s", t, i, onOpenCl[t][i], want)
              .isEqualTo(Float.floatToRawIntBits(want));
        } else {
          assertThat(onOpenCl[t][i])
              .as("tensor %d element %d", t, i)
              .isCloseTo(want, Offset.offset(4 * Math.ulp(Math.max(1f, Math.abs(want)))));
        }
      }
    }
  }

  /** Three fused Adam steps from {@code start} (param, grad, m, v): the param, m and v after. */
  private static float[][] adamSteps(Backend backend, float[][] start) {
    FusedAdam adam = backend.capability(FusedAdam.class).orElseThrow();
    try (TensorScope scope = TensorScope.open()) {
      Tensor p = Tensor.vector(backend, start[0]);
      Tensor grad = Tensor.vector(backend, start[1]);
      Tensor m = Tensor.vector(backend, start[2]);
      Tensor v = Tensor.vector(backend, start[3]);
      for (int t = 1; t <= 3; t++) {
        FusedAdam.Coefficients c = FusedAdam.Coefficients.forStep(0.9, 0.999, 1e-8, 1e-3, t);
        Tensor.updateInPlace(
            "adam", (s, count) -> adam.adamUpdate(s[0], s[1], s[2], s[3], count, c), p, grad, m, v);
      }
      return new float[][] {p.toArray(), m.toArray(), v.toArray()};
    }
  }

  /**
   * 20 SGD steps of a network large enough for the blocked GEMM (64x32 · 32x64), from the same seed
   * on both backends. Both round every op to float32 but sum in different orders (blocked GEMMs of
   * different shapes, tree reductions), so the parameters drift apart by rounding only: 1e-4
   * relative to max(1, |p|) after 20 steps is far above that drift (about 1e-6 here) and far below
   * any real disagreement.
   */
  @Test
  void twentyTrainingStepsAgreeWithTheVectorBackend() {
    float[][] onOpenCl = train(opencl, 20);
    float[][] onVector = train(vector, 20);
    for (int p = 0; p < onVector.length; p++) {
      for (int i = 0; i < onVector[p].length; i++) {
        assertThat((double) onOpenCl[p][i])
            .as("parameter %d element %d", p, i)
            .isCloseTo(onVector[p][i], Offset.offset(1e-4 * Math.max(1, Math.abs(onVector[p][i]))));
      }
    }
  }

  @Test
  void aThousandTrainingStepsLeaveDeviceMemoryAtItsBaseline() {
    opencl.trimPool();
    int live = opencl.liveStorages();
    long bytes = opencl.deviceBytes();
    train(opencl, 1000);
    assertThat(opencl.liveStorages()).isEqualTo(live);
    opencl.trimPool();
    assertThat(opencl.deviceBytes()).isEqualTo(bytes);
  }

  private static float[][] train(Backend backend, int steps) {
    Generator g = new Generator(11);
    try (TensorScope scope = TensorScope.open()) {
      Tensor w1 = g.uniform(backend, -0.2f, 0.2f, 32, 64).requiresGrad(true);
      Tensor b1 = Tensor.zeros(backend, 64).requiresGrad(true);
      Tensor w2 = g.uniform(backend, -0.2f, 0.2f, 64, 3).requiresGrad(true);
      Tensor x = g.normal(backend, 0f, 1f, 64, 32);
      Tensor labels = Tensor.oneHot(x.slice(1, 0, 3).argmax(1, false), 3);
      List<Tensor> parameters = List.of(w1, b1, w2);
      for (int step = 0; step < steps; step++) {
        try (TensorScope stepScope = TensorScope.open()) {
          Tensor loss =
              x.matmul(w1).add(b1).relu().matmul(w2).logSoftmax(1).mul(labels).sum().neg().div(64f);
          parameters.forEach(Tensor::zeroGrad);
          loss.backward();
          try (NoGrad off = Autograd.noGrad()) {
            for (Tensor p : parameters) {
              p.addScaledInPlace(-0.1f, p.grad());
            }
          }
        }
      }
      return new float[][] {w1.toArray(), b1.toArray(), w2.toArray()};
    }
  }
}
