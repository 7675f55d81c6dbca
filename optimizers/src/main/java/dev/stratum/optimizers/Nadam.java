package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nadam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"), Algorithm 2 of the paper with
 * its momentum schedule {@code μ_t = β₁·(1 − ½·0.96^(t·ψ))} (ψ = 0.004, i.e. {@code 0.96^(t/250)}),
 * which is also what PyTorch's {@code NAdam} and Keras's {@code Nadam} compute:
 *
 * <pre>
 * m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²      v̂ = v / (1 − β₂ᵗ)
 * Π_t = μ₁·μ₂·…·μ_t
 * θ ← θ − η·[(1 − μ_t)/(1 − Π_t)·g + μ_{t+1}/(1 − Π_t·μ_{t+1})·m] / (√v̂ + ε)
 * </pre>
 *
 * With ψ = 0 the schedule is the constant {@code μ = β₁/2}; the paper's schedule-free reading
 * ({@code μ_t = β₁}) is not offered. State slots {@code "m"} and {@code "v"}; the products {@code
 * Π_t} are recomputed from the step counts, so they need no checkpoint entry.
 */
public final class Nadam extends AbstractOptimizer {

  /** The paper's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 2e-3;

  private final double beta1;
  private final double beta2;
  private final float epsilon;
  private final double momentumDecay;
  private final Map<String, double[]> products = new HashMap<>();

  /** Nadam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and ψ = 0.004. */
  public Nadam(Map<String, Tensor> parameters, double learningRate) {
    this(builder().parameters(parameters).lr(learningRate));
  }

  /**
   * @param momentumDecay ψ of the momentum schedule, {@code >= 0}
   * @deprecated positional doubles are easy to swap: use {@link #builder()}
   */
  @Deprecated(since = "0.1.0")
  public Nadam(
      List<ParameterGroup> groups,
      double beta1,
      double beta2,
      double epsilon,
      double momentumDecay,
      WeightDecay weightDecay) {
    this(
        builder()
            .groups(groups)
            .betas(beta1, beta2)
            .eps(epsilon)
            .momentumDecay(momentumDecay)
            .weightDecayMode(weightDecay));
  }

  private Nadam(Builder b) {
    super(b.resolvedGroups(), b.resolvedWeightDecayMode(), List.of("m", "v"), b.resolvedMaximize());
    this.beta1 = Check.inRange("Nadam", "beta1", b.beta1, 0, 1);
    this.beta2 = Check.inRange("Nadam", "beta2", b.beta2, 0, 1);
    this.epsilon = (float) Check.positive("Nadam", "epsilon", b.eps);
    this.momentumDecay = Check.nonNegative("Nadam", "momentum decay", b.momentumDecay);
  }

  /** A builder with PyTorch's defaults (lr 0.002, betas (0.9, 0.999), eps 1e-8, ψ 0.004). */
  public static Builder builder() {
    return new Builder();
  }

  /** Nadam's options. */
  public static final class Builder extends AbstractOptimizer.Builder<Builder, Nadam> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double momentumDecay = 0.004;

    private Builder() {
      super("Nadam", DEFAULT_LEARNING_RATE, 0, WeightDecay.L2);
    }

    /** β₁ and β₂ (PyTorch's {@code betas}). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** ε (PyTorch's {@code eps}; default 1e-8). */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** ψ (PyTorch's {@code momentum_decay}; default 0.004). */
    public Builder momentumDecay(double momentumDecay) {
      this.momentumDecay = momentumDecay;
      return this;
    }

    @Override
    public Nadam build() {
      return new Nadam(this);
    }
  }

  /** {@code μ_t}. */
  double mu(long t) {
    return beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
  }

  /** {@code Π_t}, kept per parameter as {@code {t, Π_t}} and extended one factor per step. */
  private double product(String name, long t) {
    double[] cached = products.get(name);
    if (cached == null || cached[0] > t) {
      cached = new double[] {0, 1};
    }
    while (cached[0] < t) {
      cached[0]++;
      cached[1] *= mu((long) cached[0]);
    }
    products.put(name, cached);
    return cached[1];
  }

  @Override
  protected void stateLoaded() {
    products.clear();
  }

  @Override
  protected void update(Update u) {
    long t = u.step();
    Tensor m = Moments.first(u, beta1);
    Tensor v = Moments.second(u, beta2);
    double muNow = mu(t);
    double muNext = mu(t + 1);
    double product = product(u.name(), t);
    double correction2 = 1 - Math.pow(beta2, t);
    Tensor denominator = v.sqrt().mul((float) (1 / Math.sqrt(correction2))).add(epsilon);
    double lr = u.learningRate();
    u.parameter()
        .addScaledInPlace(
            (float) (-lr * (1 - muNow) / (1 - product)), u.gradient().div(denominator))
        .addScaledInPlace((float) (-lr * muNext / (1 - product * muNext)), m.div(denominator));
  }
}
