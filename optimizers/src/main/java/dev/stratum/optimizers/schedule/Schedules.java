package dev.stratum.optimizers.schedule;

import dev.stratum.callback.LearningRateCallback;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.HasMomentum;
import dev.stratum.optimizers.clip.ForwardingOptimizer;
import java.util.Objects;

/**
 * The built-in {@link LearningRateSchedule}s, as records with the formula of each factor (t counts
 * from 0). Absolute floors are written as factors of the base rate.
 */
public final class Schedules {

  private Schedules() {}

  /** Always 1. */
  public static LearningRateSchedule constant() {
    return new Constant();
  }

  /** {@code τ / max(t, τ)}: constant for τ steps, then decaying as 1/t. */
  public static LearningRateSchedule timeConstant(double tau) {
    return new TimeConstant(tau);
  }

  /** {@code γ^⌊t/size⌋}. */
  public static LearningRateSchedule step(long size, double gamma) {
    return new StepDecay(size, gamma);
  }

  /** {@code γ^t}. */
  public static LearningRateSchedule exponential(double gamma) {
    return new Exponential(gamma);
  }

  /** {@code 1 / (1 + rate·t/steps)}. */
  public static LearningRateSchedule inverseTime(double rate, long steps) {
    return new InverseTime(rate, steps);
  }

  /** {@code (1 − end)·(1 − t/total)^power + end}, then {@code end}. */
  public static LearningRateSchedule polynomial(long total, double power, double endFactor) {
    return new Polynomial(total, power, endFactor);
  }

  /** Half a cosine from 1 down to {@code minFactor} over {@code total}, then {@code minFactor}. */
  public static LearningRateSchedule cosine(long total, double minFactor) {
    return new Cosine(total, minFactor);
  }

  /** SGDR: cosine cycles of {@code period}, each {@code multiplier} times longer than the last. */
  public static LearningRateSchedule cosineWarmRestarts(
      long period, long multiplier, double minFactor) {
    return new CosineWarmRestarts(period, multiplier, minFactor);
  }

  /** {@code start + (1 − start)·t/steps} for {@code t < steps}, then 1. */
  public static LearningRateSchedule linearWarmup(long steps, double startFactor) {
    return new LinearWarmup(steps, startFactor);
  }

  /**
   * The one-cycle policy with PyTorch's defaults: 30% warm-up, ÷25 at the start, ÷1e4 more, and
   * momentum cycled between 0.85 and 0.95 (the optimizer must have a {@link HasMomentum momentum}).
   */
  public static OneCycle oneCycle(long total) {
    return new OneCycle(total, 0.3, 25, 1e4, true, 0.85, 0.95);
  }

  // ------------------------------------------------------------------ the schedules

  /** Always 1. */
  public record Constant() implements LearningRateSchedule {
    @Override
    public double factor(long t) {
      checkStep(t);
      return 1;
    }
  }

  /** {@code η_t = η₀·τ / max(t, τ)}: the "search then converge" time-constant decay. */
  public record TimeConstant(double tau) implements LearningRateSchedule {
    public TimeConstant {
      positive("timeConstant", "tau", tau);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return tau / Math.max(t, tau);
    }
  }

  /** {@code γ^⌊t/size⌋}: multiply by γ every {@code size} steps. */
  public record StepDecay(long size, double gamma) implements LearningRateSchedule {
    public StepDecay {
      positive("step", "size", size);
      factorRange("step", "gamma", gamma);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return Math.pow(gamma, Math.floorDiv(t, size));
    }
  }

  /** {@code γ^t}. */
  public record Exponential(double gamma) implements LearningRateSchedule {
    public Exponential {
      factorRange("exponential", "gamma", gamma);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return Math.pow(gamma, t);
    }
  }

  /** {@code 1 / (1 + rate·t/steps)} (Keras's {@code InverseTimeDecay}). */
  public record InverseTime(double rate, long steps) implements LearningRateSchedule {
    public InverseTime {
      nonNegative("inverseTime", "rate", rate);
      positive("inverseTime", "steps", steps);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return 1 / (1 + rate * t / steps);
    }
  }

  /** {@code (1 − end)·(1 − min(t, total)/total)^power + end}. */
  public record Polynomial(long total, double power, double endFactor)
      implements LearningRateSchedule {
    public Polynomial {
      positive("polynomial", "total", total);
      positive("polynomial", "power", power);
      factorRange("polynomial", "end factor", endFactor);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      double progress = Math.min(t, total) / (double) total;
      return (1 - endFactor) * Math.pow(1 - progress, power) + endFactor;
    }
  }

  /** {@code min + (1 − min)·½·(1 + cos(π·min(t, total)/total))}. */
  public record Cosine(long total, double minFactor) implements LearningRateSchedule {
    public Cosine {
      positive("cosine", "total", total);
      factorRange("cosine", "min factor", minFactor);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return annealCosine(1, minFactor, Math.min(t, total) / (double) total);
    }
  }

  /**
   * Stochastic gradient descent with warm restarts (Loshchilov &amp; Hutter 2017): within cycle
   * {@code i} of length {@code T_i = period·multiplier^i}, {@code min + (1 − min)·½·(1 +
   * cos(π·T_cur/T_i))}, where {@code T_cur} counts from 0 at each restart.
   */
  public record CosineWarmRestarts(long period, long multiplier, double minFactor)
      implements LearningRateSchedule {
    public CosineWarmRestarts {
      positive("cosineWarmRestarts", "period", period);
      positive("cosineWarmRestarts", "multiplier", multiplier);
      factorRange("cosineWarmRestarts", "min factor", minFactor);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      long length = period;
      long within = t;
      if (multiplier == 1) {
        within = t % period;
      } else {
        while (within >= length) {
          within -= length;
          length = Math.multiplyExact(length, multiplier);
        }
      }
      return annealCosine(1, minFactor, within / (double) length);
    }
  }

  /** {@code start + (1 − start)·t/steps} for {@code t < steps}, then 1 (PyTorch's LinearLR). */
  public record LinearWarmup(long steps, double startFactor) implements LearningRateSchedule {
    public LinearWarmup {
      positive("linearWarmup", "steps", steps);
      factorRange("linearWarmup", "start factor", startFactor);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return t >= steps ? 1 : startFactor + (1 - startFactor) * t / steps;
    }
  }

  /**
   * The one-cycle policy (Smith &amp; Topin 2018) as PyTorch's {@code OneCycleLR} computes it with
   * cosine annealing: from {@code 1/div} up to 1 over the first {@code pctStart·total − 1} steps,
   * then down to {@code 1/(div·finalDiv)} at step {@code total − 1}, and there after. The base rate
   * is the peak.
   *
   * <p>With {@code cycleMomentum} (PyTorch's default) the momentum moves the other way, as {@code
   * OneCycleLR(cycle_momentum=True)}: from {@code maxMomentum} down to {@code baseMomentum} while
   * the rate rises, then back up to {@code maxMomentum}, on the same cosine. Its callbacks ({@link
   * #perStep()}, {@link #perEpoch()}) and {@link #apply} then set the optimizer's {@link
   * HasMomentum momentum} (SGD's and RMSProp's {@code momentum}, β₁ of Adam, AdamW, AdaMax and
   * QHAdam) beside the rates; an optimizer without one is an error that says to turn cycling off.
   * PyTorch's defaults are 0.85 and 0.95.
   */
  public record OneCycle(
      long total,
      double pctStart,
      double divFactor,
      double finalDivFactor,
      boolean cycleMomentum,
      double baseMomentum,
      double maxMomentum)
      implements LearningRateSchedule {
    public OneCycle {
      if (total < 2) {
        throw new IllegalArgumentException("oneCycle: total must be >= 2, got " + total);
      }
      if (!(pctStart > 0 && pctStart < 1)) {
        throw new IllegalArgumentException(
            "oneCycle: pct_start must be in (0, 1), got " + pctStart);
      }
      positive("oneCycle", "div factor", divFactor);
      positive("oneCycle", "final div factor", finalDivFactor);
      if (cycleMomentum && !(baseMomentum >= 0 && baseMomentum <= maxMomentum && maxMomentum < 1)) {
        throw new IllegalArgumentException(
            "oneCycle: momenta must satisfy 0 <= base_momentum <= max_momentum < 1, got "
                + baseMomentum
                + " and "
                + maxMomentum);
      }
    }

    /** The learning rate alone, momentum not cycled. */
    public OneCycle(long total, double pctStart, double divFactor, double finalDivFactor) {
      this(total, pctStart, divFactor, finalDivFactor, false, 0.85, 0.95);
    }

    /** This schedule with PyTorch's momentum cycling between {@code base} and {@code max}. */
    public OneCycle withMomentum(double base, double max) {
      return new OneCycle(total, pctStart, divFactor, finalDivFactor, true, base, max);
    }

    private double peakAt() {
      return pctStart * total - 1;
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      double start = 1 / divFactor;
      double end = start / finalDivFactor;
      double peakAt = peakAt();
      if (t <= peakAt) {
        return annealCosine(start, 1, peakAt <= 0 ? 1 : t / peakAt);
      }
      double last = total - 1;
      return annealCosine(1, end, Math.min(1, (t - peakAt) / (last - peakAt)));
    }

    /**
     * The momentum at step {@code t}: {@code maxMomentum} at the ends, {@code base} at the peak.
     */
    public double momentum(long t) {
      checkStep(t);
      double peakAt = peakAt();
      if (t <= peakAt) {
        return annealCosine(maxMomentum, baseMomentum, peakAt <= 0 ? 1 : t / peakAt);
      }
      double last = total - 1;
      return annealCosine(baseMomentum, maxMomentum, Math.min(1, (t - peakAt) / (last - peakAt)));
    }

    /** Sets the optimizer's momentum for step {@code t}, when cycling. */
    void applyMomentum(Optimizer optimizer, long t) {
      if (cycleMomentum) {
        momentumOf(optimizer).momentum(momentum(t));
      }
    }

    /**
     * Checks, when cycling, that {@code optimizer} has a momentum to cycle (what an optimizer spec
     * checks when it is built, rather than at the first step).
     *
     * @throws IllegalArgumentException naming the optimizer and how to turn cycling off
     */
    public void checkCanCycle(Optimizer optimizer) {
      if (cycleMomentum) {
        HasMomentum target = momentumOf(optimizer);
        target.momentum(target.momentum()); // SGD and RMSProp built without momentum refuse this
      }
    }

    private static HasMomentum momentumOf(Optimizer optimizer) {
      Optimizer target = optimizer;
      while (target instanceof ForwardingOptimizer forwarding) {
        target = forwarding.delegate();
      }
      if (!(target instanceof HasMomentum withMomentum)) {
        throw new IllegalArgumentException(
            "oneCycle: cycle_momentum needs an optimizer with momentum or beta1 (Sgd, RmsProp,"
                + " Adam, AdamW, AdaMax, QhAdam), got "
                + target.getClass().getSimpleName()
                + "; turn cycling off (cycle_momentum false, or new OneCycle(total, pctStart,"
                + " divFactor, finalDivFactor))");
      }
      return withMomentum;
    }

    @Override
    public LearningRateCallback perStep() {
      return LearningRateCallback.perStep(this::factor, this::applyMomentum);
    }

    @Override
    public LearningRateCallback perEpoch() {
      return LearningRateCallback.perEpoch(
          epoch -> factor(epoch - 1L), (optimizer, epoch) -> applyMomentum(optimizer, epoch - 1));
    }

    @Override
    public void apply(Optimizer optimizer, long t) {
      LearningRateCallback.apply(optimizer, factor(t));
      applyMomentum(optimizer, t);
    }
  }

  /** {@code first} for {@code t < length}, then {@code next(t − length)}. */
  public record Sequential(LearningRateSchedule first, long length, LearningRateSchedule next)
      implements LearningRateSchedule {
    public Sequential {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(next, "next");
      positive("then", "length", length);
    }

    @Override
    public double factor(long t) {
      checkStep(t);
      return t < length ? first.factor(t) : next.factor(t - length);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** {@code end + (start − end)·½·(1 + cos(π·progress))}. */
  static double annealCosine(double start, double end, double progress) {
    return end + (start - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  private static void checkStep(long t) {
    if (t < 0) {
      throw new IllegalArgumentException("schedule: step must be >= 0, got " + t);
    }
  }

  private static void positive(String schedule, String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          schedule + ": " + name + " must be finite and > 0, got " + value);
    }
  }

  private static void nonNegative(String schedule, String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          schedule + ": " + name + " must be finite and >= 0, got " + value);
    }
  }

  private static void factorRange(String schedule, String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          schedule + ": " + name + " must be in [0, 1], got " + value);
    }
  }
}
