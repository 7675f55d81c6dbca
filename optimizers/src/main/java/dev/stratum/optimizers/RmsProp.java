package dev.stratum.optimizers;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSProp (Hinton's Coursera lecture 6e), optionally centered (Graves 2013) and with momentum, in
 * PyTorch's arrangement:
 *
 * <pre>
 * E[g²] ← α·E[g²] + (1 − α)·g²
 * centered: ḡ ← α·ḡ + (1 − α)·g,  d = √max(E[g²] − ḡ², 0) + ε    otherwise d = √E[g²] + ε
 * momentum μ > 0: b ← μ·b + g/d,  θ ← θ − η·b                     otherwise θ ← θ − η·g/d
 * </pre>
 *
 * The {@code max(…, 0)} only guards against rounding (the difference is a variance). State slots
 * {@code "square_avg"}, {@code "grad_avg"} (centered) and {@code "momentum"} (μ &gt; 0).
 */
public final class RmsProp extends AbstractOptimizer {

  /** PyTorch's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 1e-2;

  private final float alpha;
  private final float epsilon;
  private final float momentum;
  private final boolean centered;

  /** RMSProp with α = 0.99, ε = 1e-8, no momentum, not centered. */
  public RmsProp(Map<String, Tensor> parameters, double learningRate) {
    this(oneGroup(parameters, learningRate), 0.99, 1e-8, 0, false, WeightDecay.L2);
  }

  public RmsProp(
      List<ParameterGroup> groups,
      double alpha,
      double epsilon,
      double momentum,
      boolean centered,
      WeightDecay weightDecay) {
    super(groups, weightDecay, slots(momentum, centered));
    this.alpha = (float) Check.inRange("RmsProp", "alpha", alpha, 0, 1);
    this.epsilon = (float) Check.positive("RmsProp", "epsilon", epsilon);
    this.momentum = (float) Check.inRange("RmsProp", "momentum", momentum, 0, 1);
    this.centered = centered;
  }

  private static List<String> slots(double momentum, boolean centered) {
    List<String> slots = new ArrayList<>(List.of("square_avg"));
    if (centered) {
      slots.add("grad_avg");
    }
    if (momentum > 0) {
      slots.add("momentum");
    }
    return slots;
  }

  @Override
  protected void update(Update u) {
    Tensor g = u.gradient();
    Tensor squareAvg =
        u.state("square_avg").mulInPlace(alpha).addScaledInPlace(1 - alpha, g.square());
    Tensor denominator;
    if (centered) {
      Tensor gradAvg = u.state("grad_avg").mulInPlace(alpha).addScaledInPlace(1 - alpha, g);
      denominator = squareAvg.sub(gradAvg.square()).maximum(0f).sqrt().add(epsilon);
    } else {
      denominator = squareAvg.sqrt().add(epsilon);
    }
    float lr = (float) u.learningRate();
    if (momentum > 0) {
      Tensor buffer =
          u.state("momentum").mulInPlace(momentum).addScaledInPlace(1f, g.div(denominator));
      u.parameter().addScaledInPlace(-lr, buffer);
    } else {
      u.parameter().addScaledInPlace(-lr, g.div(denominator));
    }
  }
}
