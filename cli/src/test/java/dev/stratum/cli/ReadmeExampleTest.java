package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** The "first program" of the README, line for line, so that it keeps compiling and working. */
class ReadmeExampleTest {

  @Test
  void readmeExampleLearnsItsLabels() {
    Backend cpu = Backends.get();
    Generator random = new Generator(42);

    Tensor x = random.normal(cpu, 0f, 1f, 64, 20);
    Tensor y = x.slice(1, 0, 1).gt(0f);
    Tensor w = random.uniform(cpu, -0.2f, 0.2f, 20, 1).requiresGrad(true);
    Tensor b = Tensor.zeros(cpu, 1).requiresGrad(true);

    for (int step = 0; step < 200; step++) {
      try (TensorScope scope = TensorScope.open()) {
        Tensor p = x.matmul(w).add(b).sigmoid();
        Tensor loss = y.mul(p.log()).add(y.neg().add(1f).mul(p.neg().add(1f).log())).mean().neg();
        w.zeroGrad();
        b.zeroGrad();
        loss.backward();
        try (NoGrad off = Autograd.noGrad()) {
          w.addScaledInPlace(-0.5f, w.grad());
          b.addScaledInPlace(-0.5f, b.grad());
        }
      }
    }

    try (TensorScope scope = TensorScope.open()) {
      float accuracy = x.matmul(w).add(b).gt(0f).eq(y).mean().item();
      assertThat(accuracy).as("training accuracy of a linearly separable labelling").isEqualTo(1f);
      // the first feature decides the label, so its weight must dominate
      float[] weights = w.toArray();
      for (int i = 1; i < weights.length; i++) {
        assertThat(Math.abs(weights[i])).isLessThan(weights[0]);
      }
    }
  }
}
