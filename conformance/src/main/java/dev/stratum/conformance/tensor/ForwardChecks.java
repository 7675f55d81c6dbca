package dev.stratum.conformance.tensor;

import static dev.stratum.conformance.tensor.Host.close;
import static dev.stratum.conformance.tensor.Host.flat;
import static dev.stratum.conformance.tensor.Host.random;
import static dev.stratum.conformance.tensor.Host.unflat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.random.Philox;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;

/**
 * Tensor operations against host computations in double precision: what the tensor layer adds on
 * top of the kernels (shape arithmetic, broadcasting strides, multi-axis reductions, batching,
 * convolution composed from im2col and matmul). Tolerances: 1e-5 relative for sums of a few dozen
 * terms and transcendental functions; exact for data movement.
 */
public final class ForwardChecks {

  private static final double TOL = 1e-5;

  private ForwardChecks() {}

  public static List<TensorCheck> all() {
    return List.of(
        new TensorCheck("tensor: creation and random streams", ForwardChecks::creation),
        new TensorCheck(
            "tensor: broadcast add/mul [2,1,3] with [4,1]", ForwardChecks::broadcasting),
        new TensorCheck("tensor: sum/max/min/mean/variance over axes", ForwardChecks::reductions),
        new TensorCheck(
            "tensor: argmax/argmin take the first of ties", ForwardChecks::argReductions),
        new TensorCheck("tensor: softmax along a middle axis", ForwardChecks::softmax),
        new TensorCheck("tensor: batched and transposed matmul", ForwardChecks::matmul),
        new TensorCheck(
            "tensor: permute, slice, concat, stack, broadcastTo", ForwardChecks::movement),
        new TensorCheck("tensor: indexSelect, indexAdd, oneHot", ForwardChecks::indexing),
        new TensorCheck(
            "tensor: logsumexp over any axes, stable at ±1000 and -inf", ForwardChecks::logsumexp),
        new TensorCheck("tensor: gather along an axis (torch.gather)", ForwardChecks::gather),
        new TensorCheck("tensor: conv2d against direct convolution", ForwardChecks::conv2d),
        new TensorCheck("tensor: max and average pooling", ForwardChecks::pooling),
        new TensorCheck("tensor: where, clamp and comparisons", ForwardChecks::selection),
        new TensorCheck("tensor: empty dimensions", ForwardChecks::empty));
  }

  private static void creation(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      assertThat(Tensor.zeros(b, 2, 3).toArray()).containsOnly(0f).hasSize(6);
      assertThat(Tensor.full(b, 2.5f, 4).toArray()).containsExactly(2.5f, 2.5f, 2.5f, 2.5f);
      assertThat(Tensor.arange(b, 1, 2, 0.25f).toArray()).containsExactly(1f, 1.25f, 1.5f, 1.75f);
      Tensor s = Tensor.scalar(b, 7f);
      assertThat(s.rank()).isZero();
      assertThat(s.item()).isEqualTo(7f);
      Generator g = new Generator(99);
      Tensor first = g.uniform(b, -1f, 1f, 3, 7);
      Tensor second = g.normal(b, 2f, 0.5f, 11);
      Tensor third = g.bernoulli(b, 0.3f, 1021);
      float[] expected = new float[21];
      Philox.fillUniform(99, 0, 0, -1f, 1f, expected, 0, 21);
      assertThat(first.toArray()).containsExactly(expected);
      expected = new float[11];
      Philox.fillNormal(99, 1, 0, 2f, 0.5f, expected, 0, 11);
      assertThat(second.toArray()).containsExactly(expected);
      expected = new float[1021];
      Philox.fillBernoulli(99, 2, 0, 0.3f, expected, 0, 1021);
      assertThat(third.toArray()).containsExactly(expected);
    }
  }

  private static void broadcasting(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      float[] a = random(6, 1);
      float[] c = random(4, 2);
      Tensor ta = Tensor.of(b, a, 2, 1, 3);
      Tensor tc = Tensor.of(b, c, 4, 1);
      Tensor sum = ta.add(tc);
      Tensor product = ta.mul(tc);
      assertThat(sum.shape()).containsExactly(2, 4, 3);
      double[] es = new double[24];
      double[] ep = new double[24];
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 4; j++) {
          for (int k = 0; k < 3; k++) {
            es[flat(new int[] {2, 4, 3}, i, j, k)] = (double) a[i * 3 + k] + c[j];
            ep[flat(new int[] {2, 4, 3}, i, j, k)] = (double) a[i * 3 + k] * c[j];
          }
        }
      }
      close("add", sum.toArray(), es, TOL);
      close("mul", product.toArray(), ep, TOL);
    }
  }

  private static void reductions(Backend b) {
    int[] shape = {3, 4, 5};
    float[] x = random(60, 3);
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, x, shape);
      double[] sum = new double[4];
      double[] max = new double[4];
      double[] min = new double[4];
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      for (int f = 0; f < 60; f++) {
        int j = unflat(shape, f)[1];
        sum[j] += x[f];
        max[j] = Math.max(max[j], x[f]);
        min[j] = Math.min(min[j], x[f]);
      }
      Tensor s = t.sum(true, 0, 2);
      assertThat(s.shape()).containsExactly(1, 4, 1);
      close("sum over axes 0, 2", s.toArray(), sum, TOL);
      close("max over axes 0, 2", t.max(false, 2, 0).toArray(), max, 0);
      close("min over axes 0, 2", t.min(false, 0, -1).toArray(), min, 0);
      double[] mean = new double[4];
      double[] variance = new double[4];
      for (int j = 0; j < 4; j++) {
        mean[j] = sum[j] / 15;
      }
      for (int f = 0; f < 60; f++) {
        int j = unflat(shape, f)[1];
        variance[j] += (x[f] - mean[j]) * (x[f] - mean[j]) / 14;
      }
      close("mean over axes 0, 2", t.mean(false, 0, 2).toArray(), mean, TOL);
      close(
          "variance (Bessel) over axes 0, 2", t.variance(1, false, 0, 2).toArray(), variance, TOL);
      double total = 0;
      for (float v : x) {
        total += v;
      }
      assertThat((double) t.sum().item())
          .isCloseTo(total, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  private static void argReductions(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, new float[] {1, 5, 5, 0, -2, 3, -2, 3}, 2, 4);
      assertThat(t.argmax(1, false).toArray()).containsExactly(1f, 1f);
      assertThat(t.argmin(1, true).shape()).containsExactly(2, 1);
      assertThat(t.argmin(1, false).toArray()).containsExactly(3f, 0f);
      assertThat(t.argmax(0, false).toArray()).containsExactly(0f, 0f, 0f, 1f);
    }
  }

  private static void softmax(Backend b) {
    int[] shape = {2, 3, 4};
    float[] x = random(24, 4);
    x[0] = 80f;
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, x, shape);
      double[] expected = new double[24];
      double[] expectedLog = new double[24];
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 4; k++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < 3; j++) {
            max = Math.max(max, x[flat(shape, i, j, k)]);
          }
          double denominator = 0;
          for (int j = 0; j < 3; j++) {
            denominator += Math.exp(x[flat(shape, i, j, k)] - max);
          }
          for (int j = 0; j < 3; j++) {
            int f = flat(shape, i, j, k);
            expected[f] = Math.exp(x[f] - max) / denominator;
            expectedLog[f] = x[f] - max - Math.log(denominator);
          }
        }
      }
      close("softmax axis 1", t.softmax(1).toArray(), expected, TOL);
      close("logSoftmax axis 1", t.logSoftmax(1).toArray(), expectedLog, TOL);
    }
  }

  private static void matmul(Backend b) {
    float[] a = random(2 * 3 * 4, 5);
    float[] c = random(4 * 5, 6);
    try (TensorScope scope = TensorScope.open()) {
      Tensor ta = Tensor.of(b, a, 2, 3, 4);
      Tensor tc = Tensor.of(b, c, 4, 5);
      Tensor product = ta.matmul(tc);
      assertThat(product.shape()).containsExactly(2, 3, 5);
      double[] expected = new double[30];
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 5; j++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
              s += (double) a[n * 12 + i * 4 + k] * c[k * 5 + j];
            }
            expected[n * 15 + i * 5 + j] = s;
          }
        }
      }
      close("batched matmul with a broadcast right side", product.toArray(), expected, TOL);
      // (Aᵀ)ᵀ·(Cᵀ)ᵀ through the transpose flags gives the same product
      Tensor transposed = ta.transpose(1, 2).matmul(tc.t(), true, true);
      close("matmul with both transpose flags", transposed.toArray(), expected, TOL);
    }
  }

  private static void movement(Backend b) {
    float[] x = random(24, 7);
    int[] shape = {2, 3, 4};
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, x, shape);
      Tensor p = t.permute(2, 0, 1);
      assertThat(p.shape()).containsExactly(4, 2, 3);
      double[] expected = new double[24];
      for (int f = 0; f < 24; f++) {
        int[] i = unflat(shape, f);
        expected[flat(new int[] {4, 2, 3}, i[2], i[0], i[1])] = x[f];
      }
      close("permute", p.toArray(), expected, 0);
      Tensor s = t.slice(1, 1, 3);
      double[] sliced = new double[16];
      for (int i = 0; i < 2; i++) {
        for (int j = 1; j < 3; j++) {
          for (int k = 0; k < 4; k++) {
            sliced[flat(new int[] {2, 2, 4}, i, j - 1, k)] = x[flat(shape, i, j, k)];
          }
        }
      }
      close("slice", s.toArray(), sliced, 0);
      Tensor joined = Tensor.concat(List.of(t.slice(1, 0, 1), t.slice(1, 1, 3)), 1);
      close("concat of slices restores the input", joined.toArray(), Host.toDouble(x), 0);
      Tensor stacked = Tensor.stack(List.of(t, t), 0);
      assertThat(stacked.shape()).containsExactly(2, 2, 3, 4);
      Tensor row = Tensor.vector(b, 1f, 2f, 3f).broadcastTo(2, 3);
      assertThat(row.toArray()).containsExactly(1f, 2f, 3f, 1f, 2f, 3f);
      assertThat(t.unsqueeze(0).squeeze(0).shape()).containsExactly(2, 3, 4);
      assertThat(t.reshape(-1, 4).shape()).containsExactly(6, 4);
    }
  }

  private static void indexing(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, new float[] {0, 1, 2, 10, 11, 12}, 2, 3);
      Tensor picked = t.indexSelect(1, Tensor.vector(b, 2, 0, 2));
      assertThat(picked.toArray()).containsExactly(2f, 0f, 2f, 12f, 10f, 12f);
      Tensor added = Tensor.zeros(b, 2, 3).indexAdd(1, Tensor.vector(b, 1, 1, 0), picked);
      // row 0: index 1 gets 2 + 0, index 0 gets 2; row 1 likewise with 12, 10, 12
      assertThat(added.toArray()).containsExactly(2f, 2f, 0f, 12f, 22f, 0f);
      Tensor hot = Tensor.oneHot(Tensor.vector(b, 2, 0), 3);
      assertThat(hot.shape()).containsExactly(2, 3);
      assertThat(hot.toArray()).containsExactly(0f, 0f, 1f, 1f, 0f, 0f);
    }
  }

  private static void logsumexp(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      float[] x = random(24, 31);
      Tensor t = Tensor.of(b, x, 2, 3, 4);
      // over axes 0 and 2 of [2, 3, 4]: 8 terms for each of the 3 middle positions
      double[] expected = new double[3];
      for (int j = 0; j < 3; j++) {
        double sum = 0;
        for (int i = 0; i < 2; i++) {
          for (int k = 0; k < 4; k++) {
            sum += Math.exp(x[flat(new int[] {2, 3, 4}, i, j, k)]);
          }
        }
        expected[j] = Math.log(sum);
      }
      Tensor lse = t.logsumexp(false, 0, 2);
      assertThat(lse.shape()).containsExactly(3);
      close("logsumexp axes 0,2", lse.toArray(), expected, TOL);
      assertThat(t.logsumexp(true, 0, 2).shape()).containsExactly(1, 3, 1);
      // log(e¹ + e² + e³) = 3 + log(1 + e⁻¹ + e⁻²); 1000 + log 2 where exp(1000) overflows;
      // a row of -inf gives -inf (not NaN), a +inf gives +inf
      float inf = Float.POSITIVE_INFINITY;
      Tensor rows = Tensor.of(b, new float[] {1, 2, 3, 1000, 1000, -1000, -inf, -inf, -inf}, 3, 3);
      close(
          "logsumexp stable",
          rows.logsumexp(false, 1).toArray(),
          new double[] {3 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), 1000 + Math.log(2), -inf},
          TOL);
      close(
          "logsumexp of +inf",
          Tensor.vector(b, 0, inf).logsumexp(false).toArray(),
          new double[] {inf},
          0);
      close(
          "logsumexp of everything",
          Tensor.vector(b, 0, 0, 0, 0).logsumexp(false).toArray(),
          new double[] {Math.log(4)},
          TOL);
    }
  }

  private static void gather(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, new float[] {0, 1, 2, 10, 11, 12}, 2, 3);
      // axis 1: out[i][j] = t[i][index[i][j]]; the index may be narrower and repeat
      Tensor along1 = t.gather(1, Tensor.of(b, new float[] {2, 2, 1, 0}, 2, 2));
      assertThat(along1.shape()).containsExactly(2, 2);
      assertThat(along1.toArray()).containsExactly(2f, 2f, 11f, 10f);
      // axis 0: out[i][j] = t[index[i][j]][j]
      Tensor along0 = t.gather(0, Tensor.of(b, new float[] {1, 0, 1}, 1, 3));
      assertThat(along0.toArray()).containsExactly(10f, 1f, 12f);
      assertThatThrownBy(() -> t.gather(1, Tensor.of(b, new float[] {3}, 1, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("gather: index 3.0 at position 0 is not a whole number in [0, 3)");
      assertThatThrownBy(() -> t.gather(1, Tensor.of(b, new float[] {0, 0, 0}, 3, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "gather: index of shape [3, 1] is larger than the tensor's [2, 3]");
    }
  }

  private static void conv2d(Backend b) {
    int n = 2;
    int c = 3;
    int h = 6;
    int w = 5;
    int oc = 4;
    int k = 3;
    int stride = 2;
    int pad = 1;
    float[] x = random(n * c * h * w, 8);
    float[] weight = random(oc * c * k * k, 9);
    float[] bias = random(oc, 10);
    int oh = (h + 2 * pad - k) / stride + 1;
    int ow = (w + 2 * pad - k) / stride + 1;
    double[] expected = new double[n * oc * oh * ow];
    for (int img = 0; img < n; img++) {
      for (int o = 0; o < oc; o++) {
        for (int y = 0; y < oh; y++) {
          for (int z = 0; z < ow; z++) {
            double s = bias[o];
            for (int ch = 0; ch < c; ch++) {
              for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                  int row = y * stride - pad + i;
                  int col = z * stride - pad + j;
                  if (row >= 0 && row < h && col >= 0 && col < w) {
                    s +=
                        (double) x[((img * c + ch) * h + row) * w + col]
                            * weight[((o * c + ch) * k + i) * k + j];
                  }
                }
              }
            }
            expected[((img * oc + o) * oh + y) * ow + z] = s;
          }
        }
      }
    }
    try (TensorScope scope = TensorScope.open()) {
      Tensor out =
          Tensor.of(b, x, n, c, h, w)
              .conv2d(Tensor.of(b, weight, oc, c, k, k), Tensor.of(b, bias, oc), stride, pad);
      assertThat(out.shape()).containsExactly(n, oc, oh, ow);
      close("conv2d", out.toArray(), expected, TOL);
    }
  }

  private static void pooling(Backend b) {
    int[] shape = {1, 2, 5, 5};
    float[] x = random(50, 11);
    int k = 3;
    int stride = 2;
    int pad = 1;
    int o = 3;
    double[] max = new double[2 * o * o];
    double[] avg = new double[2 * o * o];
    for (int ch = 0; ch < 2; ch++) {
      for (int y = 0; y < o; y++) {
        for (int z = 0; z < o; z++) {
          double m = Double.NEGATIVE_INFINITY;
          double s = 0;
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              int row = y * stride - pad + i;
              int col = z * stride - pad + j;
              if (row >= 0 && row < 5 && col >= 0 && col < 5) {
                float v = x[flat(shape, 0, ch, row, col)];
                m = Math.max(m, v);
                s += v;
              }
            }
          }
          max[(ch * o + y) * o + z] = m;
          avg[(ch * o + y) * o + z] = s / (k * k);
        }
      }
    }
    try (TensorScope scope = TensorScope.open()) {
      Tensor t = Tensor.of(b, x, shape);
      close("maxPool2d", t.maxPool2d(k, stride, pad).toArray(), max, 0);
      close("avgPool2d (padding counted)", t.avgPool2d(k, stride, pad).toArray(), avg, TOL);
    }
  }

  private static void selection(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, -2f, -0.5f, 0f, 0.5f, 2f);
      assertThat(x.clamp(-1f, 1f).toArray()).containsExactly(-1f, -0.5f, 0f, 0.5f, 1f);
      assertThat(x.gt(0f).toArray()).containsExactly(0f, 0f, 0f, 1f, 1f);
      assertThat(x.eq(0f).toArray()).containsExactly(0f, 0f, 1f, 0f, 0f);
      Tensor chosen = Tensor.where(x.lt(0f), x.neg(), Tensor.scalar(b, 9f));
      assertThat(chosen.toArray()).containsExactly(2f, 0.5f, 9f, 9f, 9f);
      assertThat(x.maximum(Tensor.scalar(b, Float.NaN)).toArray()).containsOnly(Float.NaN);
    }
  }

  private static void empty(Backend b) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor e = Tensor.zeros(b, 0, 3);
      assertThat(e.size()).isZero();
      assertThat(e.sum(false, 0).toArray()).containsExactly(0f, 0f, 0f);
      Tensor product = Tensor.ones(b, 2, 0).matmul(Tensor.ones(b, 0, 3));
      assertThat(product.toArray()).containsOnly(0f).hasSize(6);
      assertThat(e.add(Tensor.ones(b, 3)).shape()).containsExactly(0, 3);
    }
  }
}
