package dev.stratum.conformance.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;

/** Deterministic freeing: scopes and close() give every storage back to the backend. */
public final class MemoryChecks {

  /** Training steps of the leak test, as the foundation issue asks. */
  public static final int LEAK_TEST_STEPS = 10_000;

  private MemoryChecks() {}

  public static List<TensorCheck> all() {
    return List.of(
        new TensorCheck(
            "memory: a scope frees every intermediate and keep() moves one out",
            MemoryChecks::scopes),
        new TensorCheck(
            "memory: a scope opened after another closed holds only its own tensors",
            MemoryChecks::consecutiveScopes),
        new TensorCheck(
            "memory: " + LEAK_TEST_STEPS + " training steps leave no storage behind",
            MemoryChecks::trainingDoesNotLeak));
  }

  private static void scopes(Backend b) {
    int before = b.liveStorages();
    Tensor kept;
    try (TensorScope outer = TensorScope.open()) {
      try (TensorScope inner = TensorScope.open()) {
        Tensor x = Tensor.ones(b, 4, 4).requiresGrad(true);
        Tensor y = x.matmul(x).tanh().sum();
        y.backward();
        kept = inner.keep(x.grad().mul(2f));
        assertThat(inner.size()).isGreaterThan(3);
      }
      assertThat(kept.isClosed()).isFalse();
      assertThat(kept.size()).isEqualTo(16);
    }
    assertThat(kept.isClosed()).isTrue();
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  private static void consecutiveScopes(Backend b) {
    int before = b.liveStorages();
    TensorScope first = TensorScope.open();
    Tensor.ones(b, 5);
    Tensor.zeros(b, 4);
    Tensor survivor = first.keep(Tensor.ones(b, 2));
    assertThat(first.size()).isEqualTo(2);
    first.close();
    try (TensorScope second = TensorScope.open()) {
      Tensor own = Tensor.ones(b, 3);
      assertThat(second.size()).as("a new scope's tensors").isEqualTo(1);
      assertThat(first.size()).as("a closed scope's tensors").isZero();
      first.close(); // closing twice frees nothing of the scope open now
      assertThat(own.isClosed()).isFalse();
    }
    assertThat(survivor.isClosed()).as("a tensor kept out of the first scope").isFalse();
    survivor.close();
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  private static void trainingDoesNotLeak(Backend b) {
    int before = b.liveStorages();
    Generator generator = new Generator(5);
    Tensor w1 = generator.uniform(b, -0.5f, 0.5f, 4, 16).requiresGrad(true);
    Tensor b1 = Tensor.zeros(b, 16).requiresGrad(true);
    Tensor w2 = generator.uniform(b, -0.5f, 0.5f, 16, 1).requiresGrad(true);
    Tensor x = generator.normal(b, 0f, 1f, 8, 4);
    Tensor target;
    try (TensorScope setup = TensorScope.open()) {
      target = setup.keep(x.sum(true, 1).tanh());
    }
    List<Tensor> parameters = List.of(w1, b1, w2);
    float firstLoss = Float.NaN;
    float lastLoss = Float.NaN;
    for (int step = 0; step < LEAK_TEST_STEPS; step++) {
      try (TensorScope scope = TensorScope.open()) {
        Tensor loss = x.matmul(w1).add(b1).relu().matmul(w2).sub(target).square().mean();
        for (Tensor p : parameters) {
          p.zeroGrad();
        }
        loss.backward();
        try (NoGrad off = Autograd.noGrad()) {
          for (Tensor p : parameters) {
            p.addScaledInPlace(-0.05f, p.grad());
          }
        }
        if (step == 0) {
          firstLoss = loss.item();
        }
        lastLoss = loss.item();
      }
    }
    assertThat(lastLoss).as("the model learned something").isLessThan(firstLoss * 0.5f);
    for (Tensor t : List.of(w1, b1, w2, x, target)) {
      t.close();
    }
    assertThat(b.liveStorages()).as("live storages after the run").isEqualTo(before);
  }
}
