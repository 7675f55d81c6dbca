package dev.stratum.optimizers;

import static dev.stratum.optimizers.Steps.assertTrajectory;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer against its published update rule for three steps, on a two-element parameter θ₀
 * = [1, −0.5] with gradients g₁ = [0.5, −1], g₂ = [0.25, 2], g₃ = [−1, 0.5] (AMSGrad uses its own).
 * The literals were computed in double precision from the formulas in each class's javadoc; the
 * comment above each case works the first step (or the step that matters) out by hand.
 */
class UpdateRuleTest {

  private static final float[] THETA0 = {1f, -0.5f};
  private static final float[][] GRADIENTS = {{0.5f, -1f}, {0.25f, 2f}, {-1f, 0.5f}};

  private static void check(
      String backend, Function<Map<String, Tensor>, Optimizer> make, float[][] expected) {
    check(backend, GRADIENTS, make, expected);
  }

  private static void check(
      String backend,
      float[][] gradients,
      Function<Map<String, Tensor>, Optimizer> make,
      float[][] expected) {
    Backend b = Backends.get(backend);
    assertTrajectory(Steps.run(b, THETA0, gradients, make), expected);
  }

  private static List<ParameterGroup> group(Map<String, Tensor> p, double lr, double decay) {
    return List.of(new ParameterGroup(p, lr, decay));
  }

  // θ₁ = 1 − 0.1·0.5 = 0.95
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void sgdFollowsThetaMinusEtaG(String backend) {
    check(
        backend,
        p -> new Sgd(p, 0.1),
        new float[][] {{0.95f, -0.4f}, {0.925f, -0.6f}, {1.025f, -0.65f}});
  }

  // L2: g' = g + λθ = 0.5 + 0.1·1 = 0.6, θ₁ = 1 − 0.1·0.6 = 0.94
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void sgdWithL2WeightDecayAddsLambdaThetaToTheGradient(String backend) {
    check(
        backend,
        p -> new Sgd(group(p, 0.1, 0.1), 0, false, WeightDecay.L2),
        new float[][] {{0.94f, -0.395f}, {0.9056f, -0.59105f}, {0.996544f, -0.6351395f}});
  }

  // v₁ = 0.1·0.5 = 0.05, θ₁ = 0.95; v₂ = 0.9·0.05 + 0.1·0.25 = 0.07, θ₂ = 0.88
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void momentumFollowsVelocityWithLearningRateInside(String backend) {
    check(
        backend,
        p -> new Sgd(p, 0.1, 0.9),
        new float[][] {{0.95f, -0.4f}, {0.88f, -0.51f}, {0.917f, -0.659f}});
  }

  // PyTorch's dampening τ = 0.5: v₁ = 0.1·0.5 = 0.05 (undamped first step), θ₁ = 0.95;
  // v₂ = 0.9·0.05 + 0.5·0.1·0.25 = 0.0575, θ₂ = 0.8925 (torch.optim.SGD 1.13 gives the same three)
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void momentumWithDampeningScalesTheGradientFromTheSecondStep(String backend) {
    check(
        backend,
        p -> new Sgd(group(p, 0.1, 0), 0.9, 0.5, false, WeightDecay.L2),
        new float[][] {{0.95f, -0.4f}, {0.8925f, -0.41f}, {0.89075f, -0.444f}});
  }

  // v₁ = 0.05, θ₁ = 1 − (0.9·0.05 + 0.1·0.5) = 0.905
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void nesterovFollowsTheReparameterisedLookAheadForm(String backend) {
    check(
        backend,
        p -> new Sgd(group(p, 0.1, 0), 0.9, true, WeightDecay.L2),
        new float[][] {{0.905f, -0.31f}, {0.817f, -0.609f}, {0.9503f, -0.7931f}});
  }

  // G₁ = 0.25, θ₁ = 1 − 0.1·0.5/0.5 = 0.9; G₂ = 0.3125, θ₂ = 0.9 − 0.1·0.25/√0.3125 = 0.8552786
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adagradDividesByTheRootOfAccumulatedSquares(String backend) {
    check(
        backend,
        p -> new Adagrad(p, 0.1),
        new float[][] {{0.9f, -0.4f}, {0.85527864f, -0.489442719f}, {0.942565797f, -0.511264508f}});
  }

  // lr_decay 0.5: step 2 uses 0.1/(1 + 0.5) = 0.0666…: θ₂ = 0.9 − 0.0667·0.25/√0.3125 = 0.8701858
  // (torch.optim.Adagrad 1.13 gives the same three)
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adagradLearningRateDecayDividesByOnePlusStepsTimesDecay(String backend) {
    check(
        backend,
        p -> new Adagrad(group(p, 0.1, 0), 1e-10, 0, 0.5, WeightDecay.L2),
        new float[][] {{0.9f, -0.4f}, {0.87018576f, -0.45962848f}, {0.91382934f, -0.47053937f}});
  }

  // E[g²]₁ = 0.1·0.25 = 0.025, Δ₁ = √(0 + 1e-6)/√(0.025 + 1e-6)·0.5 = 0.0031622, θ₁ = 0.9968378
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adadeltaScalesByTheRatioOfRootMeanSquares(String backend) {
    check(
        backend,
        Adadelta::new,
        new float[][] {
          {0.996837786f, -0.496837738f},
          {0.994752699f, -0.500878334f},
          {0.999059414f, -0.502254991f}
        });
  }

  // E₁ = 0.01·0.25 = 0.0025, θ₁ = 1 − 0.01·0.5/(0.05 + 1e-8) = 0.9
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void rmsPropDividesByTheRootOfTheSquareAverage(String backend) {
    check(
        backend,
        p -> new RmsProp(p, 0.01),
        new float[][] {
          {0.90000002f, -0.40000001f}, {0.855098703f, -0.489532302f}, {0.942572662f, -0.511479654f}
        });
  }

  // α = 0.9: E₁ = 0.025, ḡ₁ = 0.05, d₁ = √(0.025 − 0.0025) = 0.15, b₁ = 0.5/0.15, θ₁ = 0.9666667
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void centeredRmsPropWithMomentumSubtractsTheSquaredMean(String backend) {
    check(
        backend,
        p -> new RmsProp(group(p, 0.01, 0), 0.9, 1e-8, 0.9, true, WeightDecay.L2),
        new float[][] {
          {0.966666669f, -0.466666668f},
          {0.920478574f, -0.465597537f},
          {0.907249615f, -0.472140772f}
        });
  }

  // m₁ = 0.05, v₁ = 0.00025; m̂₁ = 0.05/0.1 = 0.5, v̂₁ = 0.00025/0.001 = 0.25; θ₁ = 1 − 0.1·0.5/0.5
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adamUsesBiasCorrectedMoments(String backend) {
    check(
        backend,
        p -> new Adam(p, 0.1),
        new float[][] {
          {0.900000002f, -0.400000001f}, {0.80678204f, -0.436610353f}, {0.827417743f, -0.478175473f}
        });
  }

  // β₂ = 0.9, g(0) = 2, 0.1, 0.1: v₁ = 0.4, v₂ = 0.361 < v_max = 0.4; m̂₂ = 0.19/0.19 = 1,
  // v̂₂ = 0.4/0.19; θ₂ = 0.9 − 0.1/√(0.4/0.19) = 0.8310798 (plain Adam: 0.8274524)
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void amsgradKeepsTheMaximumOfTheSecondMoment(String backend) {
    float[][] gradients = {{2f, -1f}, {0.1f, 2f}, {0.1f, 0.5f}};
    check(
        backend,
        gradients,
        p -> new Adam(group(p, 0.1, 0), 0.9, 0.9, 1e-8, true, WeightDecay.L2),
        new float[][] {
          {0.9f, -0.400000001f}, {0.831079757f, -0.436051045f}, {0.776104923f, -0.476939771f}
        });
    check(
        backend,
        gradients,
        p -> new Adam(group(p, 0.1, 0), 0.9, 0.9, 1e-8, false, WeightDecay.L2),
        new float[][] {
          {0.9f, -0.400000001f}, {0.827452376f, -0.436051045f}, {0.766547545f, -0.477979481f}
        });
  }

  // decoupled: θ ← θ·(1 − 0.1·0.1) = 0.99, then the Adam step of 0.1: θ₁ = 0.89
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adamWDecaysTheWeightsOutsideTheAdaptiveStep(String backend) {
    check(
        backend,
        p -> new AdamW(p, 0.1, 0.1),
        new float[][] {
          {0.890000002f, -0.395000001f}, {0.78788204f, -0.427660353f}, {0.800638922f, -0.46494887f}
        });
  }

  // m₁ = 0.05, u₁ = max(0, 0.5 + 1e-8); θ₁ = 1 − (0.1/0.1)·0.05/0.5 = 0.9
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void adaMaxDividesByTheInfinityNorm(String backend) {
    check(
        backend,
        p -> new AdaMax(p, 0.1),
        new float[][] {
          {0.900000002f, -0.400000001f},
          {0.826242035f, -0.428947369f},
          {0.839895171f, -0.456465662f}
        });
  }

  // μ₁ = 0.9·(1 − ½·0.96^0.004) = 0.45007347, μ₂ = 0.45014694, Π₁ = μ₁, v̂₁ = 0.25:
  // θ₁ = 1 − 0.1·[1·0.5 + μ₂/(1 − μ₁μ₂)·0.05]/0.5 = 1 − 0.1·1.0564516 = 0.8943548
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void nadamFollowsDozatsAlgorithmWithTheMomentumSchedule(String backend) {
    check(
        backend,
        p -> new Nadam(p, 0.1),
        new float[][] {
          {0.894354824f, -0.394354823f},
          {0.841962496f, -0.485010572f},
          {0.936023837f, -0.513167003f}
        });
  }

  // step 1: m̂ = g, v̂ = g²; θ₁ = 1 − 0.1·(0.3·0.5 + 0.7·0.5)/√(0·0.25 + 1·0.25) = 0.9
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void qhAdamMixesGradientAndMoment(String backend) {
    check(
        backend,
        p -> new QhAdam(p, 0.1),
        new float[][] {
          {0.900000002f, -0.400000001f}, {0.814661178f, -0.460240672f}, {0.869085911f, -0.49817212f}
        });
  }

  // v⁽ⁱ⁾₁ = 0.5 for all three, θ₁ = 1 − (0.1/3)·1.5 = 0.95; v₂ = [0.25, 0.7, 0.745], θ₂ = 0.8935
  @ParameterizedTest
  @MethodSource("dev.stratum.optimizers.TestBackends#names")
  void aggMoAveragesSeveralVelocities(String backend) {
    check(
        backend,
        p -> new AggMo(p, 0.1),
        new float[][] {{0.95f, -0.4f}, {0.8935f, -0.537f}, {0.947915f, -0.65333f}});
  }
}
