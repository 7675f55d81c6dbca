package dev.stratum.conformance.tensor;

import dev.stratum.backend.Backend;
import java.util.ArrayList;
import java.util.List;

/** Every tensor-level check of the kit, in the order the kit reports them. */
public final class TensorChecks {

  private TensorChecks() {}

  /** All checks; {@code backend} is only captured by the checks that build index tensors. */
  public static List<TensorCheck> all(Backend backend) {
    List<TensorCheck> all = new ArrayList<>();
    all.addAll(ForwardChecks.all());
    all.addAll(LayerOpChecks.all());
    all.addAll(GradientChecks.firstOrder(backend));
    all.addAll(GradientChecks.secondOrder(backend));
    all.addAll(AutogradChecks.all());
    all.addAll(ErrorChecks.all());
    all.addAll(MemoryChecks.all());
    all.addAll(TrainingChecks.all());
    return all;
  }
}
