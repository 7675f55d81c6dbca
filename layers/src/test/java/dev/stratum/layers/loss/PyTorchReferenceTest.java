package dev.stratum.layers.loss;

import static dev.stratum.layers.loss.LossTesting.assertClose;
import static dev.stratum.layers.loss.LossTesting.evaluate;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Losses against values PyTorch 1.13 computed in float64 on the same inputs ({@code
 * layers/src/test/python/loss_references.py} writes {@code pytorch-references.txt}; the inputs are
 * written out in both). Float32 results within 1e-5 absolute plus 1e-5 relative: the inputs are
 * rounded to float32 (relative 6e-8) and each term is a few float ops.
 */
class PyTorchReferenceTest {

  static final double ABSOLUTE = 1e-5;
  static final double RELATIVE = 1e-5;

  static final Map<String, double[]> REFERENCES = load();

  static Map<String, double[]> load() {
    Map<String, double[]> references = new HashMap<>();
    try (InputStream in =
        PyTorchReferenceTest.class.getResourceAsStream("pytorch-references.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        double[] values = new double[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
          values[i - 1] = Double.parseDouble(parts[i]);
        }
        references.put(parts[0], values);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return references;
  }

  static double[] reference(String name) {
    double[] values = REFERENCES.get(name);
    if (values == null) {
      throw new IllegalStateException("no reference \"" + name + "\" in pytorch-references.txt");
    }
    return values;
  }

  static final float[] P = {0.3f, -1.2f, 2.0f, 0.0f, 0.5f, -0.7f};
  static final float[] T = {0.1f, 0.4f, -0.5f, 0.0f, 0.45f, 1.9f};
  static final int[] PT_SHAPE = {2, 3};

  static final float[] SCORES = {
    0.2f, 1.5f, -0.3f, 0.9f, 1.1f, -0.4f, 0.6f, 0f, -0.8f, 0.3f, 0.35f, 1.2f
  };
  static final float[] LABELS = {1, 2, 3};

  static final float[] LOGITS = {
    1f, -0.5f, 0.3f, 0.2f, 2.2f, -1f, -0.3f, 0.1f, 0.4f, 0.9f, 0f, -2f
  };
  static final float[] INDICES = {0, 1, 2, 1};
  static final float[] WEIGHTS = {0.5f, 2f, 1.5f};
  static final float[] PROBS = {0.7f, 0.2f, 0.1f, 0f, 1f, 0f, 0.3f, 0.3f, 0.4f, 0.5f, 0.5f, 0f};

  private static void check(
      Backend b, Loss loss, float[] p, int[] ps, float[] t, int[] ts, String ref) {
    assertClose(evaluate(b, loss, p, ps, t, ts), reference(ref), ABSOLUTE, RELATIVE);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void huberAndSmoothL1MatchPyTorch(String name) {
    Backend b = Backends.get(name);
    check(b, new Huber(0.8f, Reduction.NONE), P, PT_SHAPE, T, PT_SHAPE, "huber_delta_0.8_none");
    check(
        b, new SmoothL1(0.8f, Reduction.NONE), P, PT_SHAPE, T, PT_SHAPE, "smooth_l1_beta_0.8_none");
    check(b, new SmoothL1(0f, Reduction.MEAN), P, PT_SHAPE, T, PT_SHAPE, "smooth_l1_beta_0_mean");
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void multiMarginMatchesPyTorch(String name) {
    Backend b = Backends.get(name);
    int[] s = {3, 4};
    int[] l = {3};
    check(
        b,
        MulticlassHinge.multiMargin(1, 1f, Reduction.NONE),
        SCORES,
        s,
        LABELS,
        l,
        "multi_margin_p1_m1_none");
    check(
        b,
        MulticlassHinge.multiMargin(2, 0.5f, Reduction.MEAN),
        SCORES,
        s,
        LABELS,
        l,
        "multi_margin_p2_m0.5_mean");
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void crossEntropyOptionsMatchPyTorch(String name) {
    Backend b = Backends.get(name);
    int[] s = {4, 3};
    int[] l = {4};
    SparseCrossEntropy.Builder weighted = SparseCrossEntropy.builder().classWeights(WEIGHTS);
    check(b, weighted.build(), LOGITS, s, INDICES, l, "ce_weights_mean");
    check(b, weighted.reduction(Reduction.NONE).build(), LOGITS, s, INDICES, l, "ce_weights_none");
    check(
        b,
        SparseCrossEntropy.builder().ignoreIndex(1).build(),
        LOGITS,
        s,
        INDICES,
        l,
        "ce_ignore_1_mean");
    SparseCrossEntropy.Builder all =
        SparseCrossEntropy.builder().classWeights(WEIGHTS).ignoreIndex(1).labelSmoothing(0.1f);
    check(b, all.build(), LOGITS, s, INDICES, l, "ce_weights_ignore_1_smoothing_0.1_mean");
    check(
        b,
        all.reduction(Reduction.NONE).build(),
        LOGITS,
        s,
        INDICES,
        l,
        "ce_weights_ignore_1_smoothing_0.1_none");
    // PyTorch's default ignore index -100 in the target itself
    float[] withIgnored = {0, -100, 2, -100};
    check(
        b,
        SparseCrossEntropy.builder().ignoreIndex(-100).build(),
        LOGITS,
        s,
        withIgnored,
        l,
        "ce_ignore_1_mean");
    check(
        b,
        CrossEntropy.builder().classWeights(WEIGHTS).labelSmoothing(0.1f).build(),
        LOGITS,
        s,
        PROBS,
        s,
        "ce_probs_weights_smoothing_0.1_mean");
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void binaryCrossEntropyWithPyTorchsClampGivesItsHundred(String name) {
    Backend b = Backends.get(name);
    int[] s = {4};
    check(
        b,
        new BinaryCrossEntropy(BinaryCrossEntropy.Clamp.PYTORCH, Reduction.NONE),
        new float[] {0f, 1f, 0.3f, 1f},
        s,
        new float[] {1f, 0f, 1f, 1f},
        s,
        "bce_pytorch_clamp_none");
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void exactGeluAndErfMatchPyTorch(String name) {
    Backend b = Backends.get(name);
    float[] x = LossTesting.toFloat(reference("gelu_exact_x"));
    try (TensorScope scope = TensorScope.open()) {
      Tensor input = Tensor.of(b, x, x.length).requiresGrad(true);
      // erf within 2e-7 (the approximation's 1.5e-7 plus float rounding); GELU within 2e-7·|x|
      assertClose(input.erf().toArray(), reference("erf"), 3e-7, 0);
      Tensor gelu = new Activation.GELU(Activation.GELU.Approximation.NONE).forward(input);
      assertClose(gelu.toArray(), reference("gelu_exact"), 1e-6, 1e-6);
      gelu.sum().backward();
      // the gradient is built from the exact erf' = 2/√π·e^(-x²), so float rounding only
      assertClose(input.grad().toArray(), reference("gelu_exact_grad"), 1e-6, 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.loss.LossTesting#backends")
  void logsumexpMatchesPyTorch(String name) {
    Backend b = Backends.get(name);
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, new float[] {1, 2, 3, 1000, 1000, -1000}, 2, 3);
      assertClose(x.logsumexp(false, 1).toArray(), reference("logsumexp_axis1"), 1e-5, 1e-6);
    }
  }
}
