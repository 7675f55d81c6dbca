package dev.stratum.conformance.tensor;

import static dev.stratum.conformance.tensor.Host.close;
import static dev.stratum.conformance.tensor.Host.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.UnaryOp;
import dev.stratum.conformance.Expect;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;

/**
 * The tensor ops that layers add on top of the foundation (transposed convolution, nearest
 * upsampling, GELU, the fused bias + activation) against host computations in double precision,
 * with the tolerance of {@link ForwardChecks}: 1e-5 relative; the fused bias + activation with an
 * exact activation (none, ReLU, leaky ReLU) also bit for bit against the pair run apart.
 */
public final class LayerOpChecks {

  private static final double TOL = 1e-5;

  private LayerOpChecks() {}

  public static List<TensorCheck> all() {
    return List.of(
        new TensorCheck(
            "tensor: convTranspose2d against a direct scatter", LayerOpChecks::convTranspose2d),
        new TensorCheck("tensor: upsampleNearest2d repeats pixels", LayerOpChecks::upsample),
        new TensorCheck("tensor: gelu (tanh form) against its formula", LayerOpChecks::gelu),
        new TensorCheck(
            "tensor: biasActivation against add then activation", LayerOpChecks::biasActivation));
  }

  private static void convTranspose2d(Backend b) {
    int n = 2;
    int ic = 3;
    int h = 4;
    int w = 3;
    int oc = 2;
    int k = 3;
    int stride = 2;
    int pad = 1;
    int outPad = 1;
    int oh = (h - 1) * stride - 2 * pad + k + outPad;
    int ow = (w - 1) * stride - 2 * pad + k + outPad;
    float[] x = random(n * ic * h * w, 21);
    float[] weight = random(ic * oc * k * k, 22);
    float[] bias = random(oc, 23);
    double[] expected = new double[n * oc * oh * ow];
    for (int img = 0; img < n; img++) {
      for (int o = 0; o < oc; o++) {
        for (int y = 0; y < oh; y++) {
          for (int z = 0; z < ow; z++) {
            expected[((img * oc + o) * oh + y) * ow + z] = bias[o];
          }
        }
      }
      // every input pixel scatters its kernel-weighted value over a k×k window of the output
      for (int c = 0; c < ic; c++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double v = x[((img * ic + c) * h + i) * w + j];
            for (int o = 0; o < oc; o++) {
              for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                  int y = i * stride - pad + p;
                  int z = j * stride - pad + q;
                  if (y >= 0 && y < oh && z >= 0 && z < ow) {
                    expected[((img * oc + o) * oh + y) * ow + z] +=
                        v * weight[((c * oc + o) * k + p) * k + q];
                  }
                }
              }
            }
          }
        }
      }
    }
    try (TensorScope scope = TensorScope.open()) {
      Tensor out =
          Tensor.of(b, x, n, ic, h, w)
              .convTranspose2d(
                  Tensor.of(b, weight, ic, oc, k, k), Tensor.of(b, bias, oc), stride, pad, outPad);
      assertThat(out.shape()).containsExactly(n, oc, oh, ow);
      close("convTranspose2d", out.toArray(), expected, TOL);
    }
  }

  private static void upsample(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
      Tensor up = x.upsampleNearest2d(2);
      assertThat(up.shape()).containsExactly(1, 1, 4, 6);
      assertThat(up.toArray())
          .containsExactly(1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6);
    }
  }

  private static void gelu(Backend b) {
    float[] x = random(37, 24);
    x[0] = 0f;
    x[1] = 8f;
    x[2] = -8f;
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      expected[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }
    try (TensorScope scope = TensorScope.open()) {
      close("gelu", Tensor.vector(b, x).gelu().toArray(), expected, TOL);
    }
  }

  private static void biasActivation(Backend b) {
    int rows = 5;
    int cols = 17;
    float[] x = random(rows * cols, 25);
    float[] bias = random(cols, 26);
    for (UnaryOp act :
        new UnaryOp[] {null, UnaryOp.RELU, UnaryOp.LEAKY_RELU, UnaryOp.ELU, UnaryOp.SIGMOID}) {
      double[] expected = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double z = (double) x[i] + bias[i % cols];
        expected[i] =
            act == null
                ? z
                : switch (act) {
                  case RELU -> Math.max(z, 0);
                  case LEAKY_RELU -> z > 0 ? z : 0.2 * z;
                  case ELU -> z > 0 ? z : 0.2 * Math.expm1(z);
                  default -> 1 / (1 + Math.exp(-z));
                };
      }
      try (TensorScope scope = TensorScope.open()) {
        Tensor xt = Tensor.of(b, x, rows, cols);
        Tensor bt = Tensor.vector(b, bias);
        float[] out = xt.biasActivation(bt, act, 0.2f).toArray();
        close("biasActivation " + act, out, expected, TOL);
        // fused or not, the same bits as the pair where the activation's kernel is exact
        if (act == null || act == UnaryOp.RELU || act == UnaryOp.LEAKY_RELU) {
          Tensor sum = xt.add(bt);
          Tensor apart = act == null ? sum : act == UnaryOp.RELU ? sum.relu() : sum.leakyRelu(0.2f);
          Expect.identical(
              "biasActivation " + act + " against add then activation", out, apart.toArray());
        }
      }
    }
  }
}
