package dev.stratum.conformance.tensor;

/**
 * A two-layer perceptron trained with plain SGD, written out by hand in double precision: the
 * independent reference that a few training steps on a backend are compared with.
 *
 * <p>Model: {@code h = tanh(x·W1 + b1)}, {@code y = h·W2 + b2}, loss {@code mean((y - t)²)} over
 * all {@code batch × outputs} elements. Gradients by the chain rule: {@code dy = 2(y -
 * t)/(batch·outputs)}, {@code dW2 = hᵀ·dy}, {@code db2 = Σ_rows dy}, {@code dh = dy·W2ᵀ}, {@code dz
 * = dh ⊙ (1 - h²)}, {@code dW1 = xᵀ·dz}, {@code db1 = Σ_rows dz}.
 */
final class TrainingOracle {

  final int inputs;
  final int hidden;
  final int outputs;
  final double[] w1;
  final double[] b1;
  final double[] w2;
  final double[] b2;

  TrainingOracle(
      int inputs, int hidden, int outputs, float[] w1, float[] b1, float[] w2, float[] b2) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.outputs = outputs;
    this.w1 = toDouble(w1);
    this.b1 = toDouble(b1);
    this.w2 = toDouble(w2);
    this.b2 = toDouble(b2);
  }

  /** One SGD step on a batch; returns the loss before the step. */
  double step(float[] x, float[] t, int batch, double learningRate) {
    double[] h = new double[batch * hidden];
    double[] y = new double[batch * outputs];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        double z = b1[j];
        for (int i = 0; i < inputs; i++) {
          z += x[r * inputs + i] * w1[i * hidden + j];
        }
        h[r * hidden + j] = Math.tanh(z);
      }
      for (int o = 0; o < outputs; o++) {
        double v = b2[o];
        for (int j = 0; j < hidden; j++) {
          v += h[r * hidden + j] * w2[j * outputs + o];
        }
        y[r * outputs + o] = v;
      }
    }
    double loss = 0;
    double[] dy = new double[batch * outputs];
    double scale = 2.0 / (batch * outputs);
    for (int k = 0; k < dy.length; k++) {
      double diff = y[k] - t[k];
      loss += diff * diff;
      dy[k] = scale * diff;
    }
    loss /= batch * outputs;

    double[] dw2 = new double[w2.length];
    double[] db2 = new double[b2.length];
    double[] dz = new double[batch * hidden];
    for (int r = 0; r < batch; r++) {
      for (int o = 0; o < outputs; o++) {
        double g = dy[r * outputs + o];
        db2[o] += g;
        for (int j = 0; j < hidden; j++) {
          dw2[j * outputs + o] += h[r * hidden + j] * g;
        }
      }
      for (int j = 0; j < hidden; j++) {
        double dh = 0;
        for (int o = 0; o < outputs; o++) {
          dh += dy[r * outputs + o] * w2[j * outputs + o];
        }
        double hv = h[r * hidden + j];
        dz[r * hidden + j] = dh * (1 - hv * hv);
      }
    }
    double[] dw1 = new double[w1.length];
    double[] db1 = new double[b1.length];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        double g = dz[r * hidden + j];
        db1[j] += g;
        for (int i = 0; i < inputs; i++) {
          dw1[i * hidden + j] += x[r * inputs + i] * g;
        }
      }
    }
    update(w1, dw1, learningRate);
    update(b1, db1, learningRate);
    update(w2, dw2, learningRate);
    update(b2, db2, learningRate);
    return loss;
  }

  private static void update(double[] p, double[] g, double lr) {
    for (int i = 0; i < p.length; i++) {
      p[i] -= lr * g[i];
    }
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
