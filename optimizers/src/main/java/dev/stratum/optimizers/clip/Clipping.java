package dev.stratum.optimizers.clip;

import dev.stratum.optim.Optimizer;
import java.util.function.Consumer;

/**
 * Optimizer decorators that clip the gradients (see {@link GradientClipping}) before every step:
 *
 * <pre>{@code
 * Optimizer optimizer = Clipping.byGlobalNorm(new Adam(model.parameters(), 1e-3), 1.0);
 * }</pre>
 */
public final class Clipping {

  private Clipping() {}

  /** Clips every gradient element to {@code [−limit, limit]} before each step. */
  public static Optimizer byValue(Optimizer optimizer, float limit) {
    GradientClipping.checkLimit(limit);
    return new Clipped(optimizer, o -> GradientClipping.clipByValue(o.parameters(), limit));
  }

  /** Scales each parameter's gradient to a norm of at most {@code maxNorm} before each step. */
  public static Optimizer byNorm(Optimizer optimizer, double maxNorm) {
    GradientClipping.checkMaxNorm("clipByNorm", maxNorm);
    return new Clipped(optimizer, o -> GradientClipping.clipByNorm(o.parameters(), maxNorm));
  }

  /** Scales all gradients together to a joint norm of at most {@code maxNorm} before each step. */
  public static Optimizer byGlobalNorm(Optimizer optimizer, double maxNorm) {
    GradientClipping.checkMaxNorm("clipByGlobalNorm", maxNorm);
    return new Clipped(optimizer, o -> GradientClipping.clipByGlobalNorm(o.parameters(), maxNorm));
  }

  private static final class Clipped extends ForwardingOptimizer {
    private final Consumer<Clipped> clip;

    Clipped(Optimizer delegate, Consumer<Clipped> clip) {
      super(delegate);
      this.clip = clip;
    }

    @Override
    public void step() {
      clip.accept(this);
      super.step();
    }
  }
}
