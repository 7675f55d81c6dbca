package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): {@link Adam} with {@link WeightDecay#DECOUPLED decoupled}
 * weight decay, {@code θ ← θ·(1 − η·λ)} before the Adam step. The default weight decay is 0.01, as
 * in PyTorch's {@code AdamW} (Adam's is 0), in {@link #builder()}, in {@link #AdamW(Map, double)}
 * and in the {@code "adamw"} optimizer spec.
 *
 * <pre>{@code
 * Adam adamW = AdamW.builder().parameters(model.parameters()).lr(1e-3).weightDecay(0.05).build();
 * }</pre>
 *
 * The builder is {@link Adam.Builder}, so Adam and AdamW take every option the same way; it refuses
 * {@code weightDecayMode(WeightDecay.L2)}, which is Adam.
 */
public final class AdamW extends Adam {

  /** PyTorch's default weight decay for AdamW. */
  public static final double DEFAULT_WEIGHT_DECAY = 1e-2;

  /** AdamW with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and PyTorch's weight decay 0.01. */
  public AdamW(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /** AdamW with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and this weight decay. */
  public AdamW(Map<String, Tensor> parameters, double learningRate, double weightDecay) {
    this(builder().parameters(parameters).lr(learningRate).weightDecay(weightDecay));
  }

  /**
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public AdamW(
      List<ParameterGroup> groups, double beta1, double beta2, double epsilon, boolean amsgrad) {
    this(builder().groups(groups).betas(beta1, beta2).eps(epsilon).amsgrad(amsgrad));
  }

  AdamW(Adam.Builder b) {
    super(b);
  }

  /**
   * A builder with PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, decoupled
   * weight decay 0.01. Its {@code build()} returns an {@link AdamW}.
   */
  public static Adam.Builder builder() {
    return new Adam.Builder("AdamW", DEFAULT_WEIGHT_DECAY, WeightDecay.DECOUPLED, true);
  }
}
