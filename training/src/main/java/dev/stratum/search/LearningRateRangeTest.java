package dev.stratum.search;

import dev.stratum.data.Batch;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural
 * Networks"): train for {@code steps} batches while the rate grows geometrically from {@code
 * minRate} to {@code maxRate}, record the loss, smoothed as an exponential moving average with bias
 * correction ({@code β = 0.98}), and stop early once the smoothed loss exceeds four times its best
 * (divergence). The model's parameters and the optimizer's state and rates are restored afterwards.
 *
 * <p>Two suggestions are reported: {@link Result#steepestRate()}, the rate where the smoothed loss
 * falls fastest against {@code log(rate)} (differences over ±{@code max(1, n/20)} points, ignoring
 * the first and last tenth of the n recorded points, where smoothing and divergence dominate). With
 * noisy batches the early part of the curve is noise; the test needs enough steps (100 or more) and
 * batches large enough for the loss to move more than it jitters, and {@link
 * Result#minimumRateOverTen()}, a tenth of the rate at the lowest smoothed loss (fast.ai's older
 * rule). The first is usually the better starting point.
 */
public final class LearningRateRangeTest {

  /** One recorded step. */
  public record Point(double rate, double loss, double smoothedLoss) {}

  /** The curve and the suggestions. */
  public record Result(List<Point> points, double steepestRate, double minimumRateOverTen) {
    /** The curve as CSV: {@code rate,loss,smoothed_loss}. */
    public String toCsv() {
      StringBuilder sb = new StringBuilder("rate,loss,smoothed_loss\n");
      for (Point p : points) {
        sb.append(p.rate).append(',').append(p.loss).append(',').append(p.smoothedLoss);
        sb.append('\n');
      }
      return sb.toString();
    }
  }

  private final double minRate;
  private final double maxRate;
  private final int steps;
  private final double smoothing = 0.98;
  private final double divergence = 4;

  /**
   * @param minRate the first rate, {@code > 0}
   * @param maxRate the last rate, {@code > minRate}
   * @param steps how many batches to train, at least 5
   */
  public LearningRateRangeTest(double minRate, double maxRate, int steps) {
    if (!(minRate > 0 && maxRate > minRate) || Double.isInfinite(maxRate) || steps < 5) {
      throw new IllegalArgumentException(
          "range test: needs 0 < min rate < max rate and at least 5 steps, got "
              + minRate
              + ", "
              + maxRate
              + ", "
              + steps);
    }
    this.minRate = minRate;
    this.maxRate = maxRate;
    this.steps = steps;
  }

  /**
   * Runs the test. {@code batches} is iterated again from the start when it runs out; each batch is
   * closed after use (a loader hands out batches the caller owns). Every group gets the same rate.
   */
  public Result run(Layer model, Loss loss, Optimizer optimizer, Iterable<Batch> batches) {
    Map<String, Tensor> saved = new LinkedHashMap<>();
    Map<String, Tensor> savedState = optimizer.state();
    List<Double> savedRates = new ArrayList<>();
    optimizer.groups().forEach(g -> savedRates.add(g.learningRate()));
    try (NoGrad ignored = Autograd.noGrad()) {
      model.parameters().forEach((name, p) -> saved.put(name, copy(p)));
    }
    boolean wasTraining = model.isTraining();
    model.train(true);
    List<Point> points = new ArrayList<>();
    try {
      Iterator<Batch> it = batches.iterator();
      double average = 0;
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < steps; i++) {
        double rate = minRate * Math.pow(maxRate / minRate, i / (steps - 1.0));
        for (ParameterGroup group : optimizer.groups()) {
          group.learningRate(rate);
        }
        if (!it.hasNext()) {
          it = batches.iterator();
          if (!it.hasNext()) {
            throw new IllegalArgumentException("range test: the batches are empty");
          }
        }
        double value;
        try (Batch batch = it.next();
            TensorScope scope = TensorScope.open()) {
          optimizer.zeroGrad();
          Tensor l = loss.compute(model.forward(batch.inputs()), batch.targets());
          l.backward();
          optimizer.step();
          value = l.item();
        }
        average = smoothing * average + (1 - smoothing) * value;
        double smoothed = average / (1 - Math.pow(smoothing, i + 1));
        points.add(new Point(rate, value, smoothed));
        if (!Double.isFinite(smoothed) || smoothed > divergence * best) {
          break;
        }
        best = Math.min(best, smoothed);
      }
    } finally {
      optimizer.zeroGrad();
      try (NoGrad ignored = Autograd.noGrad()) {
        model.parameters().forEach((name, p) -> p.copyFrom(saved.get(name)));
      }
      saved.values().forEach(Tensor::close);
      optimizer.loadState(savedState);
      savedState.values().forEach(Tensor::close);
      for (int g = 0; g < savedRates.size(); g++) {
        optimizer.groups().get(g).learningRate(savedRates.get(g));
      }
      model.train(wasTraining);
    }
    return new Result(points, steepest(points), minimumOverTen(points));
  }

  private static Tensor copy(Tensor p) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor c = Tensor.zeros(p.backend(), p.shape()).copyFrom(p);
      return TensorScope.unscoped(c);
    }
  }

  private static double steepest(List<Point> points) {
    int n = points.size();
    int h = Math.max(1, n / 20);
    int from = Math.max(h, n / 10);
    int to = Math.min(n - 1 - h, n - 1 - n / 10);
    double bestSlope = Double.POSITIVE_INFINITY;
    double rate = Double.NaN;
    for (int i = from; i <= to; i++) {
      Point a = points.get(i - h);
      Point b = points.get(i + h);
      double slope = (b.smoothedLoss - a.smoothedLoss) / (Math.log(b.rate) - Math.log(a.rate));
      if (slope < bestSlope) {
        bestSlope = slope;
        rate = points.get(i).rate;
      }
    }
    return rate;
  }

  private static double minimumOverTen(List<Point> points) {
    Point best = null;
    for (Point p : points) {
      if (Double.isFinite(p.smoothedLoss) && (best == null || p.smoothedLoss < best.smoothedLoss)) {
        best = p;
      }
    }
    return best == null ? Double.NaN : best.rate / 10;
  }
}
