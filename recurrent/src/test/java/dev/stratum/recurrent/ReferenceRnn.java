package dev.stratum.recurrent;

import java.util.Arrays;
import java.util.Map;

/**
 * Recurrent networks in double precision, written from the formulas with plain loops and nothing of
 * the layer under test: the oracle of the forward and gradient tests. Parameters are looked up by
 * PyTorch's names ({@code weight_ih_l0}, ...), matrices row-major as the layer stores them.
 */
final class ReferenceRnn {

  /** The kind of cell, with its options. */
  enum Kind {
    RNN_TANH(1, 1),
    RNN_RELU(1, 1),
    RNN_SIGMOID(1, 1),
    LSTM(4, 2),
    LSTM_NO_FORGET(3, 2),
    LSTM_PEEPHOLE(4, 2),
    LSTM_PEEPHOLE_FULL(4, 2),
    GRU(3, 1),
    GRU_RESET_BEFORE(3, 1),
    MGU(2, 1);

    final int gates;
    final int parts;

    Kind(int gates, int parts) {
      this.gates = gates;
      this.parts = parts;
    }
  }

  /** The topology. */
  record Topology(int layers, boolean bidirectional, boolean sum, boolean returnSequences) {
    int directions() {
      return bidirectional ? 2 : 1;
    }
  }

  /**
   * What the layer computes: {@code output[b][t][f]} (or {@code [b][0][f]} for the last output) and
   * {@code state[part][layer·dirs + dir][b][j]}.
   */
  record Result(double[][][] output, double[][][][] state) {}

  private final Kind kind;
  private final Topology topology;
  private final int hidden;
  private final Map<String, double[]> params;

  ReferenceRnn(Kind kind, Topology topology, int hidden, Map<String, double[]> params) {
    this.kind = kind;
    this.topology = topology;
    this.hidden = hidden;
    this.params = params;
  }

  /**
   * Runs the network on {@code x[b][t][f]}; {@code lengths} may be null (all full); {@code
   * initial[part][layer·dirs + dir][b][j]} may be null (zeros).
   */
  Result run(double[][][] x, int[] lengths, double[][][][] initial) {
    int batch = x.length;
    int time = x[0].length;
    int dirs = topology.directions();
    double[][][][] finals = new double[kind.parts][topology.layers() * dirs][batch][];
    double[][][] input = x;
    double[][][] last = new double[batch][1][];
    for (int layer = 0; layer < topology.layers(); layer++) {
      double[][][][] outs = new double[dirs][batch][time][];
      for (int dir = 0; dir < dirs; dir++) {
        String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
        int index = layer * dirs + dir;
        for (int b = 0; b < batch; b++) {
          int length = lengths == null ? time : lengths[b];
          double[][] state = new double[kind.parts][];
          for (int p = 0; p < kind.parts; p++) {
            state[p] = initial == null ? new double[hidden] : initial[p][index][b].clone();
          }
          for (int k = 0; k < time; k++) {
            int t = dir == 1 ? time - 1 - k : k;
            if (t >= length) {
              outs[dir][b][t] = new double[hidden];
              continue;
            }
            state = step(input[b][t], state, suffix);
            outs[dir][b][t] = state[0].clone();
          }
          for (int p = 0; p < kind.parts; p++) {
            finals[p][index][b] = state[p];
          }
        }
      }
      double[][][] merged = new double[batch][time][];
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < time; t++) {
          merged[b][t] = dirs == 1 ? outs[0][b][t] : merge(outs[0][b][t], outs[1][b][t]);
        }
        if (layer == topology.layers() - 1) {
          double[] forward = finals[0][index(layer, 0)][b];
          last[b][0] = dirs == 1 ? forward : merge(forward, finals[0][index(layer, 1)][b]);
        }
      }
      input = merged;
    }
    return new Result(topology.returnSequences() ? input : last, finals);
  }

  private int index(int layer, int dir) {
    return layer * topology.directions() + dir;
  }

  private double[] merge(double[] a, double[] b) {
    if (topology.sum()) {
      double[] s = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        s[i] = a[i] + b[i];
      }
      return s;
    }
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** One step of one batch row. */
  double[][] step(double[] x, double[][] state, String suffix) {
    double[] h = state[0];
    double[] wih = params.get("weight_ih" + suffix);
    double[] whh = params.get("weight_hh" + suffix);
    double[] bih = params.get("bias_ih" + suffix);
    double[] bhh = params.get("bias_hh" + suffix);
    int rows = kind.gates * hidden;
    double[] ix = affine(wih, x, bih, rows);
    return switch (kind) {
      case RNN_TANH, RNN_RELU, RNN_SIGMOID -> {
        double[] hx = affine(whh, h, bhh, rows);
        double[] out = new double[hidden];
        for (int j = 0; j < hidden; j++) {
          double z = ix[j] + hx[j];
          out[j] =
              kind == Kind.RNN_TANH
                  ? Math.tanh(z)
                  : kind == Kind.RNN_RELU ? Math.max(0, z) : sigmoid(z);
        }
        yield new double[][] {out};
      }
      case LSTM, LSTM_NO_FORGET, LSTM_PEEPHOLE, LSTM_PEEPHOLE_FULL ->
          lstm(ix, h, state[1], whh, bhh, suffix);
      case GRU, GRU_RESET_BEFORE -> gru(ix, h, whh, bhh);
      case MGU -> mgu(ix, h, whh, bhh);
    };
  }

  private double[][] lstm(
      double[] ix, double[] h, double[] c, double[] whh, double[] bhh, String suffix) {
    int rows = kind.gates * hidden;
    double[] hx = affine(whh, h, bhh, rows);
    double[] newC = new double[hidden];
    double[] newH = new double[hidden];
    double[] pi = params.get("peephole_i" + suffix);
    double[] pf = params.get("peephole_f" + suffix);
    double[] po = params.get("peephole_o" + suffix);
    for (int j = 0; j < hidden; j++) {
      if (kind == Kind.LSTM_NO_FORGET) {
        double i = sigmoid(ix[j] + hx[j]);
        double g = Math.tanh(ix[hidden + j] + hx[hidden + j]);
        double o = sigmoid(ix[2 * hidden + j] + hx[2 * hidden + j]);
        newC[j] = c[j] + i * g;
        newH[j] = o * Math.tanh(newC[j]);
        continue;
      }
      double zi = ix[j] + hx[j];
      double zf = ix[hidden + j] + hx[hidden + j];
      double zg = ix[2 * hidden + j] + hx[2 * hidden + j];
      double zo = ix[3 * hidden + j] + hx[3 * hidden + j];
      if (pi != null) {
        zi += pi[j] * c[j];
        zf += pf[j] * c[j];
      }
      double i = sigmoid(zi);
      double f = sigmoid(zf);
      double g = Math.tanh(zg);
      newC[j] = f * c[j] + i * g;
      if (po != null) {
        zo += po[j] * newC[j];
      }
      newH[j] = sigmoid(zo) * Math.tanh(newC[j]);
    }
    return new double[][] {newH, newC};
  }

  private double[][] gru(double[] ix, double[] h, double[] whh, double[] bhh) {
    double[] hx = affine(whh, h, bhh, 3 * hidden);
    double[] out = new double[hidden];
    double[] r = new double[hidden];
    double[] z = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      r[j] = sigmoid(ix[j] + hx[j]);
      z[j] = sigmoid(ix[hidden + j] + hx[hidden + j]);
    }
    double[] n = new double[hidden];
    if (kind == Kind.GRU) {
      for (int j = 0; j < hidden; j++) {
        n[j] = Math.tanh(ix[2 * hidden + j] + r[j] * hx[2 * hidden + j]);
      }
    } else {
      double[] rh = new double[hidden];
      for (int j = 0; j < hidden; j++) {
        rh[j] = r[j] * h[j];
      }
      for (int j = 0; j < hidden; j++) {
        double s = bhh == null ? 0 : bhh[2 * hidden + j];
        for (int k = 0; k < hidden; k++) {
          s += whh[(2 * hidden + j) * hidden + k] * rh[k];
        }
        n[j] = Math.tanh(ix[2 * hidden + j] + s);
      }
    }
    for (int j = 0; j < hidden; j++) {
      out[j] = (1 - z[j]) * n[j] + z[j] * h[j];
    }
    return new double[][] {out};
  }

  private double[][] mgu(double[] ix, double[] h, double[] whh, double[] bhh) {
    double[] f = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double s = ix[j] + (bhh == null ? 0 : bhh[j]);
      for (int k = 0; k < hidden; k++) {
        s += whh[j * hidden + k] * h[k];
      }
      f[j] = sigmoid(s);
    }
    double[] out = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double s = ix[hidden + j] + (bhh == null ? 0 : bhh[hidden + j]);
      for (int k = 0; k < hidden; k++) {
        s += whh[(hidden + j) * hidden + k] * f[k] * h[k];
      }
      out[j] = (1 - f[j]) * h[j] + f[j] * Math.tanh(s);
    }
    return new double[][] {out};
  }

  /** {@code W·v + b} for {@code W} of {@code rows} rows. */
  private static double[] affine(double[] w, double[] v, double[] b, int rows) {
    double[] out = new double[rows];
    int cols = v.length;
    for (int r = 0; r < rows; r++) {
      double s = b == null ? 0 : b[r];
      for (int k = 0; k < cols; k++) {
        s += w[r * cols + k] * v[k];
      }
      out[r] = s;
    }
    return out;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
