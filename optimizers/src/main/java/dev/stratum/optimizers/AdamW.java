package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): {@link Adam} with {@link WeightDecay#DECOUPLED decoupled}
 * weight decay, {@code θ ← θ·(1 − η·λ)} before the Adam step.
 */
public final class AdamW extends Adam {

  /** PyTorch's default weight decay for AdamW. */
  public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

  /** AdamW with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and this weight decay. */
  public AdamW(Map<String, Tensor> parameters, double learningRate, double weightDecay) {
    this(
        List.of(new ParameterGroup(parameters, learningRate, weightDecay)),
        0.9,
        0.999,
        1e-8,
        false);
  }

  public AdamW(
      List<ParameterGroup> groups, double beta1, double beta2, double epsilon, boolean amsgrad) {
    super(groups, beta1, beta2, epsilon, amsgrad, WeightDecay.DECOUPLED);
  }
}
