package dev.stratum.layers.loss;

import static dev.stratum.layers.loss.LossTesting.assertClose;
import static dev.stratum.layers.loss.LossTesting.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each loss on a small case worked out by hand (the arithmetic is in the comments), on every
 * backend present; float32 results within 1e-6 absolute plus 1e-6 relative of the exact values.
 */
class HandComputedLossTest {

  static final double ABSOLUTE = 1e-6;
  static final double RELATIVE = 1e-6;

  private static float[] run(
      Backend b, Loss loss, float[] p, int[] pShape, float[] target, int[] tShape) {
    return LossTesting.evaluate(b, loss, p, pShape, target, tShape);
  }

  private static void check(float[] actual, double... expected) {
    assertClose(actual, expected, ABSOLUTE, RELATIVE);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void meanSquaredAndAbsoluteErrors(String name) {
    Backend b = Backends.get(name);
    float[] p = {1, 2, 3, 4};
    float[] y = {1.5f, 2, 1, 5};
    int[] s = {2, 2};
    // differences -0.5, 0, 2, -1: squares 0.25, 0, 4, 1; absolute values 0.5, 0, 2, 1
    check(run(b, new MeanSquaredError(Reduction.NONE), p, s, y, s), 0.25, 0, 4, 1);
    check(run(b, new MeanSquaredError(Reduction.SUM), p, s, y, s), 5.25);
    check(run(b, new MeanSquaredError(), p, s, y, s), 1.3125);
    check(run(b, new MeanAbsoluteError(Reduction.NONE), p, s, y, s), 0.5, 0, 2, 1);
    check(run(b, new MeanAbsoluteError(Reduction.SUM), p, s, y, s), 3.5);
    check(run(b, new MeanAbsoluteError(), p, s, y, s), 0.875);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void pseudoHuber(String name) {
    Backend b = Backends.get(name);
    int[] s = {1, 3};
    // δ = 1, a = 0, 1, -2: sqrt(1) - 1 = 0, sqrt(2) - 1, sqrt(5) - 1
    check(
        run(b, new PseudoHuber(1f, Reduction.NONE), new float[] {0, 1, -2}, s, new float[3], s),
        0,
        Math.sqrt(2) - 1,
        Math.sqrt(5) - 1);
    // δ = 2, a = 2: 4·(sqrt(1 + 1) - 1)
    check(
        run(
            b,
            new PseudoHuber(2f, Reduction.SUM),
            new float[] {3},
            new int[] {1},
            new float[] {1},
            new int[] {1}),
        4 * (Math.sqrt(2) - 1));
    // a tiny error keeps its a²/2 instead of cancelling to 0: a = 1e-4 gives 5e-9
    float[] tiny =
        run(b, new PseudoHuber(), new float[] {1e-4f}, new int[] {1}, new float[1], new int[] {1});
    assertThat((double) tiny[0]).isCloseTo(5e-9, org.assertj.core.data.Offset.offset(1e-12));
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void binaryCrossEntropyOnProbabilitiesAndLogits(String name) {
    Backend b = Backends.get(name);
    int[] s = {3};
    // p = 0.5, t = 1: -ln 0.5; p = 0.9, t = 0: -ln 0.1; p = 0.2, t = 0.5: -(ln 0.2 + ln 0.8)/2
    double[] bce = {Math.log(2), Math.log(10), -(Math.log(0.2) + Math.log(0.8)) / 2};
    float[] p = {0.5f, 0.9f, 0.2f};
    float[] y = {1, 0, 0.5f};
    check(run(b, new BinaryCrossEntropy(Reduction.NONE), p, s, y, s), bce);
    check(run(b, new BinaryCrossEntropy(), p, s, y, s), (bce[0] + bce[1] + bce[2]) / 3);
    // x = 0, t = 1: ln 2; x = 2, t = 0: ln(1 + e²); x = -3, t = 1: ln(1 + e⁻³) + 3
    check(
        run(
            b,
            new BinaryCrossEntropyWithLogits(Reduction.NONE),
            new float[] {0, 2, -3},
            s,
            new float[] {1, 0, 1},
            s),
        Math.log(2),
        Math.log(1 + Math.exp(2)),
        Math.log(1 + Math.exp(-3)) + 3);
    // a saturated probability is clamped to 1e-7: -ln(1e-7) instead of infinity
    float[] saturated =
        run(
            b,
            new BinaryCrossEntropy(),
            new float[] {0},
            new int[] {1},
            new float[] {1},
            new int[] {1});
    assertClose(saturated, new double[] {-Math.log(1e-7)}, 1e-4, 1e-6);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void binaryCrossEntropyWithLogitsStaysFiniteAtPlusMinus100(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = t(b, new float[] {100, -100, 100, -100}, 4).requiresGrad(true);
      Tensor y = t(b, new float[] {1, 1, 0, 0}, 4);
      Tensor loss = new BinaryCrossEntropyWithLogits(Reduction.SUM).compute(x, y);
      // right answers: e^-100 (below 1e-43), 100, 100, e^-100
      assertClose(loss.toArray(), new double[] {200}, 1e-4, 1e-6);
      loss.backward();
      // sigmoid(x) - t
      assertClose(x.grad().toArray(), new double[] {0, -1, 1, 0}, 1e-7, 0);
      Tensor each = new BinaryCrossEntropyWithLogits(Reduction.NONE).compute(x, y);
      assertClose(each.toArray(), new double[] {0, 100, 100, 0}, 1e-6, 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void hinges(String name) {
    Backend b = Backends.get(name);
    int[] s = {4};
    float[] y = {0.5f, -2, 3, 2};
    float[] t = {1, 1, -1, 1};
    // 1 - y·t = 0.5, 3, 4, -1: hinge 0.5, 3, 4, 0; squared 0.25, 9, 16, 0
    check(run(b, new Hinge(Reduction.NONE), y, s, t, s), 0.5, 3, 4, 0);
    check(run(b, new Hinge(), y, s, t, s), 7.5 / 4);
    check(run(b, Hinge.squared(Reduction.NONE), y, s, t, s), 0.25, 9, 16, 0);
    check(run(b, Hinge.squared(Reduction.SUM), y, s, t, s), 25.25);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void multiclassHingeOnTheCs231nExample(String name) {
    Backend b = Backends.get(name);
    // scores of cat, car, frog for three images whose classes are cat, car, frog
    float[] scores = {3.2f, 5.1f, -1.7f, 1.3f, 4.9f, 2.0f, 2.2f, 2.5f, -3.1f};
    int[] s = {3, 3};
    float[] classes = {0, 1, 2};
    // max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9; 0; (2.2 + 3.1 + 1) + (2.5 + 3.1 + 1)
    check(
        run(b, new MulticlassHinge(Reduction.NONE), scores, s, classes, new int[] {3}),
        2.9,
        0,
        12.9);
    check(run(b, new MulticlassHinge(), scores, s, classes, new int[] {3}), 15.8 / 3);
    // squared: 2.9² = 8.41; 6.3² + 6.6² = 83.25
    check(
        run(b, MulticlassHinge.squared(Reduction.NONE), scores, s, classes, new int[] {3}),
        8.41,
        0,
        83.25);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void crossEntropyOnProbabilitiesAndOnIndices(String name) {
    Backend b = Backends.get(name);
    float[] logits = {1, 2, 3, 0, 0, 0};
    int[] s = {2, 3};
    // row 1, class 3: ln(e + e² + e³) - 3; row 2, uniform logits: ln 3 whatever the target
    double first = Math.log(Math.E + Math.exp(2) + Math.exp(3)) - 3;
    check(
        run(
            b,
            new CrossEntropy(Reduction.NONE),
            logits,
            s,
            new float[] {0, 0, 1, 0.5f, 0.5f, 0},
            s),
        first,
        Math.log(3));
    check(
        run(
            b,
            new SparseCrossEntropy(Reduction.NONE),
            logits,
            s,
            new float[] {2, 0},
            new int[] {2}),
        first,
        Math.log(3));
    check(
        run(b, new SparseCrossEntropy(), logits, s, new float[] {2, 0}, new int[] {2}),
        (first + Math.log(3)) / 2);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void crossEntropyOnLargeLogitsStaysExact(String name) {
    Backend b = Backends.get(name);
    float[] logits = {1000, 0, -1000, 1000, 0, -1000};
    int[] s = {2, 3};
    // log-softmax of (1000, 0, -1000) is (0, -1000, -2000) up to e^-1000
    check(
        run(
            b,
            new SparseCrossEntropy(Reduction.NONE),
            logits,
            s,
            new float[] {0, 1},
            new int[] {2}),
        0,
        1000);
    check(
        run(b, new CrossEntropy(Reduction.NONE), logits, s, new float[] {1, 0, 0, 0, 0, 1}, s),
        0,
        2000);
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = t(b, logits, s).requiresGrad(true);
      new SparseCrossEntropy(Reduction.SUM).compute(x, t(b, new float[] {0, 1}, 2)).backward();
      // softmax - one-hot: (1, 0, 0) - e_0 and (1, 0, 0) - e_1
      assertClose(x.grad().toArray(), new double[] {0, 0, 0, 1, -1, 0}, 1e-7, 0);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void dice(String name) {
    Backend b = Backends.get(name);
    float[] p = {1, 0, 1, 0};
    float[] t = {1, 1, 0, 0};
    int[] s = {1, 4};
    // Σpt = 1, Σp = Σt = 2: 1 - (2 + 1)/(4 + 1) = 0.4 with smoothing 1, 1 - 2/4 without
    check(run(b, new DiceLoss(), p, s, t, s), 0.4);
    check(run(b, new DiceLoss(0f, Reduction.MEAN), p, s, t, s), 0.5);
    // two empty masks: 1 - 1/1 = 0 thanks to the smoothing
    check(run(b, new DiceLoss(), new float[4], s, new float[4], s), 0);
    // V-Net's squared denominator: p = (.5, .5, 0, 0), t = (1, 0, 0, 0): Σpt = .5, Σp² = .5,
    // Σt² = 1, ε = 1: 1 - (1 + 1)/(1.5 + 1) = 0.2; the linear one: 1 - 2/(1 + 1 + 1) = 1/3
    float[] half = {0.5f, 0.5f, 0, 0};
    float[] first = {1, 0, 0, 0};
    DiceLoss squared =
        new DiceLoss(1f, DiceLoss.Denominator.SQUARED, DiceLoss.Over.SAMPLE, Reduction.MEAN);
    check(run(b, squared, half, s, first, s), 0.2);
    check(run(b, new DiceLoss(), half, s, first, s), 1 - 2.0 / 3);
    // two samples [2, 2]: (1, 0 | 0, 0) against (1, 0 | 0, 1), ε = 0. Per sample: 1 - 2/2 = 0
    // and 1 - 0/1 = 1, mean 0.5; over the batch: Σpt = 1, Σp + Σt = 3: 1 - 2/3
    int[] two = {2, 2};
    float[] p2 = {1, 0, 0, 0};
    float[] t2 = {1, 0, 0, 1};
    check(run(b, new DiceLoss(0f, Reduction.MEAN), p2, two, t2, two), 0.5);
    DiceLoss batch =
        new DiceLoss(0f, DiceLoss.Denominator.LINEAR, DiceLoss.Over.BATCH, Reduction.NONE);
    check(run(b, batch, p2, two, t2, two), 1 - 2.0 / 3);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void huberIsQuadraticBelowDeltaAndLinearAbove(String name) {
    Backend b = Backends.get(name);
    int[] s = {4};
    float[] p = {0.5f, -1f, 3f, 0f};
    // δ = 1: a = .5 → .125; a = -1 → ½ (both pieces agree at δ); a = 3 → 1·(3 - .5); a = 0 → 0
    check(run(b, new Huber(1f, Reduction.NONE), p, s, new float[4], s), 0.125, 0.5, 2.5, 0);
    // δ = 2: a = 3 → 2·(3 - 1) = 4; smooth L1 with β = 2 is that divided by 2
    check(run(b, new Huber(2f, Reduction.NONE), p, s, new float[4], s), 0.125, 0.5, 4, 0);
    check(run(b, new SmoothL1(2f, Reduction.NONE), p, s, new float[4], s), 0.0625, 0.25, 2, 0);
    try (TensorScope scope = TensorScope.open()) {
      // d/da: a below δ, δ·sign(a) above
      Tensor x = t(b, new float[] {0.5f, -3f, 3f}, 3).requiresGrad(true);
      new Huber(2f, Reduction.SUM).compute(x, Tensor.zeros(b, 3)).backward();
      assertClose(x.grad().toArray(), new double[] {0.5, -2, 2}, 1e-7, 0);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void pytorchClampKeepsTheGradientFiniteAtSaturation(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor p = t(b, new float[] {0f, 1f, 0.5f}, 3).requiresGrad(true);
      Tensor y = t(b, new float[] {1f, 0f, 1f}, 3);
      Tensor loss =
          new BinaryCrossEntropy(BinaryCrossEntropy.Clamp.PYTORCH, Reduction.SUM).compute(p, y);
      // 100 + 100 + ln 2
      check(loss.toArray(), 200 + Math.log(2));
      loss.backward();
      // clamped: 0; p = .5, t = 1: -1/p = -2
      assertClose(p.grad().toArray(), new double[] {0, 0, -2}, 1e-6, 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void discreteDivergences(String name) {
    Backend b = Backends.get(name);
    int[] s = {1, 2};
    // KL(t ‖ p) with t = (.5, .5), p = (.25, .75): .5 ln 2 + .5 ln(2/3)
    check(
        run(b, new KlDivergence(), new float[] {0.25f, 0.75f}, s, new float[] {0.5f, 0.5f}, s),
        0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3));
    // a zero target term counts 0: t = (1, 0), p = (.5, .5) gives ln 2
    check(
        run(b, new KlDivergence(), new float[] {0.5f, 0.5f}, s, new float[] {1, 0}, s),
        Math.log(2));
    // disjoint distributions reach the bound ln 2; equal ones give 0
    check(
        run(
            b,
            new JensenShannonDivergence(Reduction.NONE),
            new float[] {1, 0, 0.3f, 0.7f},
            new int[] {2, 2},
            new float[] {0, 1, 0.3f, 0.7f},
            new int[] {2, 2}),
        Math.log(2),
        0);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void gaussianKlDivergence(String name) {
    Backend b = Backends.get(name);
    GaussianKlDivergence kl = new GaussianKlDivergence(Reduction.SUM);
    // μ = (1, 0), log σ² = (0, ln 2): -½[(1 + 0 - 1 - 1) + (1 + ln 2 - 0 - 2)] = 1 - ½ ln 2
    check(
        run(
            b,
            kl,
            new float[] {1, 0},
            new int[] {1, 2},
            new float[] {0, (float) Math.log(2)},
            new int[] {1, 2}),
        1 - 0.5 * Math.log(2));
    try (TensorScope scope = TensorScope.open()) {
      // KL(N(0, 1) ‖ N(1, 4)) = ½(ln 4 - 0 + (1 + 1)/4 - 1)
      Tensor general =
          kl.compute(
              t(b, new float[] {0}, 1, 1),
              t(b, new float[] {0}, 1, 1),
              t(b, new float[] {1}, 1, 1),
              t(b, new float[] {(float) Math.log(4)}, 1, 1));
      check(general.toArray(), 0.5 * (Math.log(4) + 0.5 - 1));
      // against N(0, 1) the general form is the VAE form
      float[] mu = {0.3f, -1.2f, 0.8f, 0.1f};
      float[] lv = {-0.5f, 0.4f, 0.0f, 1.1f};
      float[] vae = kl.compute(t(b, mu, 2, 2), t(b, lv, 2, 2)).toArray();
      float[] both =
          kl.compute(t(b, mu, 2, 2), t(b, lv, 2, 2), Tensor.zeros(b, 2, 2), Tensor.zeros(b, 2, 2))
              .toArray();
      assertClose(both, LossTesting.toDouble(vae), 1e-6, 1e-6);
      // the named forms: fromLogVariance is compute(mean, logVar); fromStandardDeviation with
      // σ = exp(logVar / 2) gives the same
      assertClose(
          kl.fromLogVariance(t(b, mu, 2, 2), t(b, lv, 2, 2)).toArray(),
          LossTesting.toDouble(vae),
          1e-6,
          1e-6);
      float[] std = new float[4];
      for (int i = 0; i < 4; i++) {
        std[i] = (float) Math.exp(lv[i] / 2);
      }
      assertClose(
          kl.fromStandardDeviation(t(b, mu, 2, 2), t(b, std, 2, 2)).toArray(),
          LossTesting.toDouble(vae),
          1e-5,
          1e-5);
      // by hand: μ = 1, σ = 2: -½(1 + 2 ln 2 - 1 - 4) = 2 - ln 2
      check(
          kl.fromStandardDeviation(t(b, new float[] {1}, 1, 1), t(b, new float[] {2}, 1, 1))
              .toArray(),
          2 - Math.log(2));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void reductionNoneKeepsOneTermPerElementOrPerSample(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor logits = Tensor.zeros(b, 2, 3, 4);
      assertThat(new MeanSquaredError(Reduction.NONE).compute(logits, logits).shape())
          .containsExactly(2, 3, 4);
      assertThat(new CrossEntropy(Reduction.NONE).compute(logits, logits).shape())
          .containsExactly(2, 4);
      assertThat(
              new SparseCrossEntropy(Reduction.NONE).compute(logits, Tensor.zeros(b, 2, 4)).shape())
          .containsExactly(2, 4);
      assertThat(new KlDivergence(Reduction.NONE).compute(logits, logits).shape())
          .containsExactly(2);
      assertThat(new DiceLoss(1f, Reduction.NONE).compute(logits, logits).shape())
          .containsExactly(2);
      assertThat(new MeanSquaredError().compute(logits, logits).shape()).isEmpty();
    }
  }
}
