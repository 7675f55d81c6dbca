package dev.stratum.layers.loss;

import java.util.List;
import java.util.Random;

/** Every loss as a {@link LossCase}: the references are the formulas, written out in double. */
final class LossCases {

  private LossCases() {}

  static final float DELTA = 0.7f;
  static final float SMOOTHING = 0.5f;

  static List<LossCase> all() {
    int[] m = {4, 5};
    return List.of(
        new LossCase(
            "mse",
            MeanSquaredError::new,
            m,
            m,
            r -> new float[][] {normal(r, 20, 1), normal(r, 20, 1)},
            (p, t) -> map(p, t, (a, b) -> (a - b) * (a - b)),
            true),
        new LossCase(
            "l1",
            MeanAbsoluteError::new,
            m,
            m,
            LossCases::awayFromEachOther,
            (p, t) -> map(p, t, (a, b) -> Math.abs(a - b)),
            true),
        new LossCase(
            "huber (piecewise, PyTorch's HuberLoss formula)",
            reduction -> new Huber(DELTA, reduction),
            m,
            m,
            r -> awayFrom(r, DELTA),
            (p, t) ->
                map(
                    p,
                    t,
                    (a, b) -> {
                      double x = Math.abs(a - b);
                      return x < DELTA ? 0.5 * x * x : DELTA * (x - 0.5 * DELTA);
                    }),
            true),
        new LossCase(
            "smooth_l1 (PyTorch's SmoothL1Loss formula)",
            reduction -> new SmoothL1(DELTA, reduction),
            m,
            m,
            r -> awayFrom(r, DELTA),
            (p, t) ->
                map(
                    p,
                    t,
                    (a, b) -> {
                      double x = Math.abs(a - b);
                      return x < DELTA ? 0.5 * x * x / DELTA : x - 0.5 * DELTA;
                    }),
            true),
        new LossCase(
            "pseudo_huber",
            reduction -> new PseudoHuber(DELTA, reduction),
            m,
            m,
            r -> new float[][] {normal(r, 20, 1.5), normal(r, 20, 1.5)},
            (p, t) ->
                map(
                    p,
                    t,
                    (a, b) -> {
                      double d = DELTA;
                      double x = (a - b) / d;
                      return d * d * (Math.sqrt(1 + x * x) - 1);
                    }),
            true),
        new LossCase(
            "bce",
            BinaryCrossEntropy::new,
            m,
            m,
            r -> new float[][] {uniform(r, 20, 0.05, 0.95), uniform(r, 20, 0, 1)},
            (p, t) -> map(p, t, (a, b) -> -(b * Math.log(a) + (1 - b) * Math.log(1 - a))),
            true),
        new LossCase(
            "bce_with_logits",
            BinaryCrossEntropyWithLogits::new,
            m,
            m,
            r -> new float[][] {normal(r, 20, 3), uniform(r, 20, 0, 1)},
            (p, t) -> map(p, t, (x, b) -> Math.log1p(Math.exp(x)) - x * b),
            true),
        new LossCase(
            "hinge",
            Hinge::new,
            m,
            m,
            LossCases::awayFromHingeKink,
            (p, t) -> map(p, t, (y, s) -> Math.max(0, 1 - y * s)),
            true),
        new LossCase(
            "squared_hinge",
            Hinge::squared,
            m,
            m,
            LossCases::awayFromHingeKink,
            (p, t) -> map(p, t, (y, s) -> Math.pow(Math.max(0, 1 - y * s), 2)),
            true),
        new LossCase(
            "cross_entropy",
            CrossEntropy::new,
            m,
            m,
            r -> new float[][] {normal(r, 20, 2), distributions(r, 4, 5)},
            (p, t) -> crossEntropy(p, t, 4, 5, 1),
            true),
        new LossCase(
            "cross_entropy [N, C, d]",
            CrossEntropy::new,
            new int[] {2, 3, 4},
            new int[] {2, 3, 4},
            r -> new float[][] {normal(r, 24, 2), classAxisDistributions(r)},
            (p, t) -> crossEntropy(p, t, 2, 3, 4),
            true),
        new LossCase(
            "sparse_cross_entropy",
            SparseCrossEntropy::new,
            m,
            new int[] {4},
            r -> new float[][] {normal(r, 20, 2), indices(r, 4, 5)},
            (p, t) -> crossEntropy(p, oneHot(t, 5, 1), 4, 5, 1),
            false),
        new LossCase(
            "sparse_cross_entropy [N, C, d]",
            SparseCrossEntropy::new,
            new int[] {2, 3, 4},
            new int[] {2, 4},
            r -> new float[][] {normal(r, 24, 2), indices(r, 8, 3)},
            (p, t) -> crossEntropy(p, oneHot(t, 3, 4), 2, 3, 4),
            false),
        new LossCase(
            "cross_entropy, label smoothing 0.2 and class weights (PyTorch's formula)",
            reduction ->
                CrossEntropy.builder()
                    .labelSmoothing(0.2f)
                    .classWeights(WEIGHTS)
                    .reduction(reduction)
                    .build(),
            m,
            m,
            r -> new float[][] {normal(r, 20, 2), distributions(r, 4, 5)},
            (p, t) -> weightedCrossEntropy(p, smooth(t, 0.2, 5), 4, 5),
            true),
        new LossCase(
            "sparse_cross_entropy, label smoothing 0.2 (PyTorch's formula)",
            reduction ->
                SparseCrossEntropy.builder().labelSmoothing(0.2f).reduction(reduction).build(),
            m,
            new int[] {4},
            r -> new float[][] {normal(r, 20, 2), indices(r, 4, 5)},
            (p, t) -> crossEntropy(p, smooth(oneHot(t, 5, 1), 0.2, 5), 4, 5, 1),
            false),
        new LossCase(
            "multiclass_hinge",
            MulticlassHinge::new,
            m,
            new int[] {4},
            LossCases::awayFromMulticlassKinks,
            (p, t) -> multiclassHinge(p, t, 4, 5, 1),
            false),
        new LossCase(
            "squared_multiclass_hinge",
            MulticlassHinge::squared,
            m,
            new int[] {4},
            LossCases::awayFromMulticlassKinks,
            (p, t) -> multiclassHinge(p, t, 4, 5, 2),
            false),
        new LossCase(
            "multi_margin p = 1, margin 0.8 (PyTorch's MultiMarginLoss formula)",
            reduction -> MulticlassHinge.multiMargin(1, 0.8f, reduction),
            m,
            new int[] {4},
            r -> awayFromMulticlassKinks(r, 0.8),
            (p, t) -> divide(multiclassHinge(p, t, 4, 5, 1, 0.8), 5),
            false),
        new LossCase(
            "multi_margin p = 2, margin 1 (PyTorch's MultiMarginLoss formula)",
            reduction -> MulticlassHinge.multiMargin(2, 1f, reduction),
            m,
            new int[] {4},
            LossCases::awayFromMulticlassKinks,
            (p, t) -> divide(multiclassHinge(p, t, 4, 5, 2), 5),
            false),
        new LossCase(
            "dice, squared denominator (V-Net)",
            reduction ->
                new DiceLoss(
                    SMOOTHING, DiceLoss.Denominator.SQUARED, DiceLoss.Over.SAMPLE, reduction),
            new int[] {3, 2, 4},
            new int[] {3, 2, 4},
            r -> new float[][] {uniform(r, 24, 0.05, 0.95), uniform(r, 24, 0, 1)},
            (p, t) -> dice(p, t, 3, 8, true),
            true),
        new LossCase(
            "dice over the whole batch",
            reduction ->
                new DiceLoss(
                    SMOOTHING, DiceLoss.Denominator.LINEAR, DiceLoss.Over.BATCH, reduction),
            new int[] {3, 2, 4},
            new int[] {3, 2, 4},
            r -> new float[][] {uniform(r, 24, 0.05, 0.95), uniform(r, 24, 0, 1)},
            (p, t) -> dice(p, t, 1, 24, false),
            true),
        new LossCase(
            "dice",
            reduction -> new DiceLoss(SMOOTHING, reduction),
            new int[] {3, 2, 4},
            new int[] {3, 2, 4},
            r -> new float[][] {uniform(r, 24, 0.05, 0.95), uniform(r, 24, 0, 1)},
            (p, t) -> dice(p, t, 3, 8),
            true),
        new LossCase(
            "kl_divergence",
            KlDivergence::new,
            new int[] {3, 5},
            new int[] {3, 5},
            r -> new float[][] {distributions(r, 3, 5), distributions(r, 3, 5)},
            (p, t) -> perSample(3, 5, i -> t[i] * Math.log(t[i] / p[i])),
            true),
        new LossCase(
            "js_divergence",
            JensenShannonDivergence::new,
            new int[] {3, 5},
            new int[] {3, 5},
            r -> new float[][] {distributions(r, 3, 5), distributions(r, 3, 5)},
            (p, t) ->
                perSample(
                    3,
                    5,
                    i -> {
                      double mid = (p[i] + t[i]) / 2;
                      return 0.5 * (p[i] * Math.log(p[i] / mid) + t[i] * Math.log(t[i] / mid));
                    }),
            true),
        new LossCase(
            "gaussian_kl_divergence",
            GaussianKlDivergence::new,
            new int[] {3, 4},
            new int[] {3, 4},
            r -> new float[][] {normal(r, 12, 1), normal(r, 12, 0.7)},
            (mu, lv) -> perSample(3, 4, i -> -0.5 * (1 + lv[i] - mu[i] * mu[i] - Math.exp(lv[i]))),
            true));
  }

  // ------------------------------------------------------------------ references

  interface Binary {
    double apply(double a, double b);
  }

  interface Term {
    double at(int flatIndex);
  }

  static double[] map(double[] p, double[] t, Binary f) {
    double[] out = new double[p.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(p[i], t[i]);
    }
    return out;
  }

  /** Sums {@code term} over each sample's {@code width} consecutive elements. */
  static double[] perSample(int samples, int width, Term term) {
    double[] out = new double[samples];
    for (int n = 0; n < samples; n++) {
      for (int j = 0; j < width; j++) {
        out[n] += term.at(n * width + j);
      }
    }
    return out;
  }

  /**
   * {@code -Σ_c t log_softmax(y)_c} over the class axis of {@code [n, c, d]}: terms {@code [n, d]}.
   */
  static double[] crossEntropy(double[] y, double[] t, int n, int c, int d) {
    double[] out = new double[n * d];
    for (int s = 0; s < n; s++) {
      for (int k = 0; k < d; k++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          max = Math.max(max, y[(s * c + j) * d + k]);
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
          sum += Math.exp(y[(s * c + j) * d + k] - max);
        }
        double logSum = max + Math.log(sum);
        for (int j = 0; j < c; j++) {
          out[s * d + k] -= t[(s * c + j) * d + k] * (y[(s * c + j) * d + k] - logSum);
        }
      }
    }
    return out;
  }

  /** Class indices {@code [n, d]} as one-hot {@code [n, c, d]}. */
  static double[] oneHot(double[] indices, int c, int d) {
    int n = indices.length / d;
    double[] out = new double[n * c * d];
    for (int s = 0; s < n; s++) {
      for (int k = 0; k < d; k++) {
        out[(s * c + (int) indices[s * d + k]) * d + k] = 1;
      }
    }
    return out;
  }

  static double[] multiclassHinge(double[] y, double[] t, int n, int c, int power) {
    return multiclassHinge(y, t, n, c, power, 1);
  }

  static double[] multiclassHinge(
      double[] y, double[] t, int n, int c, int power, double marginOffset) {
    double[] out = new double[n];
    for (int s = 0; s < n; s++) {
      int target = (int) t[s];
      for (int i = 0; i < c; i++) {
        if (i != target) {
          out[s] += Math.pow(Math.max(0, marginOffset - (y[s * c + target] - y[s * c + i])), power);
        }
      }
    }
    return out;
  }

  static double[] dice(double[] p, double[] t, int n, int width) {
    return dice(p, t, n, width, false);
  }

  static double[] dice(double[] p, double[] t, int n, int width, boolean squared) {
    double[] out = new double[n];
    for (int s = 0; s < n; s++) {
      double overlap = 0;
      double total = 0;
      for (int j = s * width; j < (s + 1) * width; j++) {
        overlap += p[j] * t[j];
        total += squared ? p[j] * p[j] + t[j] * t[j] : p[j] + t[j];
      }
      out[s] = 1 - (2 * overlap + SMOOTHING) / (total + SMOOTHING);
    }
    return out;
  }

  static final float[] WEIGHTS = {0.5f, 1f, 2f, 0.25f, 1.5f};

  /** {@code -Σ_c w_c t_c log_softmax(y)_c} for {@code [n, c]} with {@link #WEIGHTS}. */
  static double[] weightedCrossEntropy(double[] y, double[] t, int n, int c) {
    double[] weighted = t.clone();
    for (int i = 0; i < weighted.length; i++) {
      weighted[i] *= WEIGHTS[i % c];
    }
    return crossEntropy(y, weighted, n, c, 1);
  }

  /** PyTorch's label smoothing of a target over {@code c} classes: {@code (1 - ε)·t + ε/c}. */
  static double[] smooth(double[] t, double epsilon, int c) {
    double[] out = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = (1 - epsilon) * t[i] + epsilon / c;
    }
    return out;
  }

  static double[] divide(double[] x, double by) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] / by;
    }
    return out;
  }

  // ------------------------------------------------------------------ inputs

  /** Pairs whose difference {@code |p - t|} is at least 0.1 from 0 and from {@code kink}. */
  static float[][] awayFrom(Random r, double kink) {
    float[] p = normal(r, 20, 1);
    float[] t = new float[20];
    for (int i = 0; i < 20; i++) {
      double a;
      do {
        a = 1.5 * r.nextGaussian();
      } while (Math.abs(a) < 0.1 || Math.abs(Math.abs(a) - kink) < 0.1);
      t[i] = (float) (p[i] + a);
    }
    return new float[][] {p, t};
  }

  static float[] normal(Random r, int n, double std) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (r.nextGaussian() * std);
    }
    return out;
  }

  static float[] uniform(Random r, int n, double low, double high) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (low + (high - low) * r.nextDouble());
    }
    return out;
  }

  static float[] indices(Random r, int n, int classes) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextInt(classes);
    }
    return out;
  }

  /** Rows of positive probabilities summing to 1. */
  static float[] distributions(Random r, int rows, int width) {
    float[] out = new float[rows * width];
    for (int s = 0; s < rows; s++) {
      double sum = 0;
      double[] raw = new double[width];
      for (int j = 0; j < width; j++) {
        raw[j] = 0.05 + r.nextDouble();
        sum += raw[j];
      }
      for (int j = 0; j < width; j++) {
        out[s * width + j] = (float) (raw[j] / sum);
      }
    }
    return out;
  }

  /** Distributions over axis 1 of {@code [2, 3, 4]}. */
  static float[] classAxisDistributions(Random r) {
    float[] rows = distributions(r, 8, 3); // [n=2, d=4, c=3]
    float[] out = new float[24];
    for (int s = 0; s < 2; s++) {
      for (int k = 0; k < 4; k++) {
        for (int j = 0; j < 3; j++) {
          out[(s * 3 + j) * 4 + k] = rows[(s * 4 + k) * 3 + j];
        }
      }
    }
    return out;
  }

  /** |p - t| >= 0.1: the finite differences never cross the kink of |x| at 0. */
  static float[][] awayFromEachOther(Random r) {
    float[] p = normal(r, 20, 1);
    float[] t = new float[20];
    for (int i = 0; i < 20; i++) {
      t[i] = p[i] + (float) ((0.1 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
    }
    return new float[][] {p, t};
  }

  /** Targets ±1 and |1 - y·t| >= 0.1. */
  static float[][] awayFromHingeKink(Random r) {
    float[] y = new float[20];
    float[] t = new float[20];
    for (int i = 0; i < 20; i++) {
      t[i] = r.nextBoolean() ? 1 : -1;
      do {
        y[i] = (float) (4 * r.nextDouble() - 2);
      } while (Math.abs(1 - y[i] * t[i]) < 0.1);
    }
    return new float[][] {y, t};
  }

  /**
   * Scores [4, 5] and indices [4] with every margin {@code 1 - (y_t - y_i)} at least 0.1 from 0.
   */
  static float[][] awayFromMulticlassKinks(Random r) {
    return awayFromMulticlassKinks(r, 1);
  }

  /** As {@link #awayFromMulticlassKinks(Random)} for the margin {@code offset}. */
  static float[][] awayFromMulticlassKinks(Random r, double offset) {
    float[] y = new float[20];
    float[] t = indices(r, 4, 5);
    for (int s = 0; s < 4; s++) {
      boolean clear;
      do {
        clear = true;
        for (int i = 0; i < 5; i++) {
          y[s * 5 + i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < 5; i++) {
          double margin = offset - (y[s * 5 + (int) t[s]] - y[s * 5 + i]);
          clear &= i == (int) t[s] || Math.abs(margin) >= 0.1;
        }
      } while (!clear);
    }
    return new float[][] {y, t};
  }
}
