package dev.stratum.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.Backends;
import dev.stratum.backend.vector.VectorBackend;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * A training step in its steady state takes every array it needs from the vector backend's pool:
 * after two warm-up steps, further steps of the same shapes allocate no new heap array ({@link
 * VectorBackend#freshArrays()} stays put). The model has many intermediates of one size alive at
 * once (three hidden layers of 64 at batch 16: activations, their gradients, Adam's temporaries),
 * more than a pool of 4 arrays a size kept: with that pool each step allocated 11 new arrays.
 */
class SteadyStateArraysTest {

  @Test
  void stepsAfterTheWarmUpAllocateNoNewArray() {
    try (VectorBackend backend =
            (VectorBackend) Backends.create("vector", BackendOptions.defaults());
        TensorScope scope = TensorScope.open()) {
      LayerOptions options = LayerOptions.defaults().on(backend).seed(5);
      try (Sequential model =
              new Sequential(
                  new Dense(32, 64, options),
                  new Activation.ReLU(),
                  new Dense(64, 64, options),
                  new Activation.ReLU(),
                  new Dense(64, 64, options),
                  new Activation.ReLU(),
                  new Dense(64, 32, options),
                  new Activation.Sigmoid());
          Adam adam = new Adam(model.parameters(), 1e-3)) {
        Tensor x = Tensor.uniform(backend, 7, 0f, 1f, 16, 32);
        MeanSquaredError loss = new MeanSquaredError();
        long[] fresh = new long[12];
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < fresh.length; step++) {
          try (TensorScope s = TensorScope.open()) {
            Tensor value = loss.compute(model.forward(x), x);
            adam.zeroGrad();
            value.backward();
            adam.step();
            last = value.item();
            first = step == 0 ? last : first;
          }
          fresh[step] = backend.freshArrays();
        }
        assertThat(last).as("the loss falls, so the steps really train").isLessThan(first);
        assertThat(fresh[fresh.length - 1])
            .as("new arrays after steps 1..12: %s", java.util.Arrays.toString(fresh))
            .isEqualTo(fresh[1]);
      }
    }
  }
}
