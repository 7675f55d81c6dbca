package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Aggregated momentum (Lucas, Sun, Zemel &amp; Grosse 2019): K velocities with damping factors
 * β⁽¹⁾…β⁽ᴷ⁾, averaged,
 *
 * <pre>
 * v⁽ⁱ⁾ ← β⁽ⁱ⁾·v⁽ⁱ⁾ + g   for each i;    θ ← θ − (η/K)·Σᵢ v⁽ⁱ⁾
 * </pre>
 *
 * (the paper writes {@code v ← βv − g; θ ← θ + (γ/K)Σv}; the sign is moved, nothing else). The
 * paper's default is β = [0, 0.9, 0.99]. State slots {@code "v0"}, {@code "v1"}, ….
 */
public final class AggMo extends AbstractOptimizer {

  private final float[] betas;

  /** AggMo with β = [0, 0.9, 0.99]. */
  public AggMo(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @deprecated use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public AggMo(List<ParameterGroup> groups, List<Double> betas, WeightDecay weightDecay) {
    this(builder().groups(groups).betas(betas).weightDecayMode(weightDecay));
  }

  private AggMo(Builder b) {
    super(b.resolvedGroups(), b.resolvedWeightDecayMode(), slots(b.betas), b.resolvedMaximize());
    this.betas = new float[b.betas.size()];
    for (int i = 0; i < this.betas.length; i++) {
      this.betas[i] = (float) Check.inRange("AggMo", "beta " + i, b.betas.get(i), 0, 1);
    }
  }

  /** A builder with the paper's β = [0, 0.9, 0.99] and lr 0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /** AggMo's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, AggMo> {
    private List<Double> betas = List.of(0.0, 0.9, 0.99);

    private Builder() {
      super("AggMo", 0.1, 0, WeightDecay.L2);
    }

    /** The damping factors β⁽¹⁾…β⁽ᴷ⁾ ({@code betas}). */
    public Builder betas(double... betas) {
      List<Double> list = new ArrayList<>();
      for (double b : betas) {
        list.add(b);
      }
      return betas(list);
    }

    /** The damping factors β⁽¹⁾…β⁽ᴷ⁾ ({@code betas}). */
    public Builder betas(List<Double> betas) {
      this.betas = List.copyOf(betas);
      return this;
    }

    @Override
    public AggMo build() {
      return new AggMo(this);
    }
  }

  private static List<String> slots(List<Double> betas) {
    if (betas.isEmpty()) {
      throw new IllegalArgumentException("AggMo: needs at least one damping factor beta");
    }
    List<String> slots = new ArrayList<>();
    for (int i = 0; i < betas.size(); i++) {
      slots.add("v" + i);
    }
    return slots;
  }

  @Override
  protected void update(Update u) {
    float scale = (float) (-u.learningRate() / betas.length);
    for (int i = 0; i < betas.length; i++) {
      Tensor v = u.state("v" + i).mulInPlace(betas[i]).addScaledInPlace(1f, u.gradient());
      u.parameter().addScaledInPlace(scale, v);
    }
  }
}
