package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedGruCell;
import dev.stratum.backend.fused.FusedLstmCell;
import java.util.List;

/**
 * Cases of the fused recurrent-cell tails ({@link FusedLstmCell}, {@link FusedGruCell}), forward
 * and backward, each checked against a double-precision oracle written from the formulas of the
 * capability's javadoc, and against the composition of this backend's core kernels that the javadoc
 * defines (the recurrent module's fallback where a backend does not offer the capability).
 *
 * <p>Tolerances. Every output combines a few sigmoid or tanh results, each within {@link
 * Tolerance#transcendental()} (about 1e-6 relative plus 2^-21), multiplied by factors of magnitude
 * at most 2 (inputs are drawn so) and summed with a few correctly rounded products: {@code 2e-5 +
 * 1e-5·|e|} bounds that with room, and so does it for the composition, which differs from a fused
 * kernel only in where {@code unary}'s vector body and scalar tail fall. Shapes cover a batch of
 * one, hidden sizes below, at and around a vector (8 or 16 lanes), a prime, and an empty batch.
 */
final class RecurrentCellConformance {

  private RecurrentCellConformance() {}

  static final int[][] SHAPES = {{1, 1}, {3, 8}, {5, 19}, {2, 67}, {4, 16}, {0, 4}};

  private static final Tolerance CELL = (i, e) -> 2e-5 + 1e-5 * Math.abs(e);

  static void add(List<ConformanceCase> cases, Backend backend) {
    if (backend.capability(FusedLstmCell.class).isPresent()) {
      for (int[] s : SHAPES) {
        cases.add(
            FusedConformance.fused(
                "FusedLstmCell forward " + Inputs.shape(s), ws -> lstmForward(ws, s[0], s[1])));
        for (int missing = 0; missing < 3; missing++) {
          int m = missing;
          String which = m == 0 ? "" : m == 1 ? " without dc" : " without dh";
          cases.add(
              FusedConformance.fused(
                  "FusedLstmCell backward" + which + " " + Inputs.shape(s),
                  ws -> lstmBackward(ws, s[0], s[1], m)));
        }
      }
    }
    if (backend.capability(FusedGruCell.class).isPresent()) {
      for (int[] s : SHAPES) {
        for (boolean bias : new boolean[] {true, false}) {
          cases.add(
              FusedConformance.fused(
                  "FusedGruCell forward" + (bias ? "" : " without bias") + " " + Inputs.shape(s),
                  ws -> gruForward(ws, s[0], s[1], bias)));
        }
        cases.add(
            FusedConformance.fused(
                "FusedGruCell backward " + Inputs.shape(s), ws -> gruBackward(ws, s[0], s[1])));
      }
    }
  }

  // ---------------------------------------------------------------- LSTM

  private static void lstmForward(Workspace ws, int batch, int hidden) {
    int g = batch * 4 * hidden;
    int n = batch * hidden;
    float[] xp = Inputs.uniform(11L + g, g, -2, 2);
    float[] hh = Inputs.uniform(12L + g, g, -2, 2);
    float[] cPrev = Inputs.uniform(13L + n, n, -2, 2);
    Storage xs = ws.input(xp);
    Storage hs = ws.input(hh);
    Storage cs = ws.input(cPrev);
    Storage gates = ws.output(g);
    Storage c = ws.output(n);
    Storage h = ws.output(n);
    ws.backend()
        .capability(FusedLstmCell.class)
        .orElseThrow()
        .forward(xs, hs, cs, batch, hidden, gates, c, h);
    float[] gotGates = ws.read(gates, g);
    float[] gotC = ws.read(c, n);
    float[] gotH = ws.read(h, n);

    // the oracle
    double[] eGates = new double[g];
    double[] eC = new double[n];
    double[] eH = new double[n];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        int base = r * 4 * hidden + j;
        double i = sigmoid((double) xp[base] + hh[base]);
        double f = sigmoid((double) xp[base + hidden] + hh[base + hidden]);
        double gg = Math.tanh((double) xp[base + 2 * hidden] + hh[base + 2 * hidden]);
        double o = sigmoid((double) xp[base + 3 * hidden] + hh[base + 3 * hidden]);
        eGates[base] = i;
        eGates[base + hidden] = f;
        eGates[base + 2 * hidden] = gg;
        eGates[base + 3 * hidden] = o;
        int s = r * hidden + j;
        eC[s] = f * cPrev[s] + i * gg;
        eH[s] = o * Math.tanh(eC[s]);
      }
    }
    Expect.close("FusedLstmCell gates", gotGates, eGates, CELL);
    Expect.close("FusedLstmCell c", gotC, eC, CELL);
    Expect.close("FusedLstmCell h", gotH, eH, CELL);

    // the composition of core kernels
    Core k = new Core(ws, n);
    Storage z = ws.allocate(g);
    ws.backend().binary(BinaryOp.ADD, new int[] {g}, xs, new int[] {1}, hs, new int[] {1}, z);
    Storage i = k.unary(UnaryOp.SIGMOID, k.block(z, batch, hidden, 4, 0));
    Storage f = k.unary(UnaryOp.SIGMOID, k.block(z, batch, hidden, 4, 1));
    Storage gg = k.unary(UnaryOp.TANH, k.block(z, batch, hidden, 4, 2));
    Storage o = k.unary(UnaryOp.SIGMOID, k.block(z, batch, hidden, 4, 3));
    Storage cc = k.add(k.mul(f, cs), k.mul(i, gg));
    Storage ch = k.mul(o, k.unary(UnaryOp.TANH, cc));
    String what = "FusedLstmCell against its composition: ";
    Expect.close(what + "c", gotC, Expect.toDouble(ws.read(cc, n)), CELL);
    Expect.close(what + "h", gotH, Expect.toDouble(ws.read(ch, n)), CELL);
    Expect.close(what + "o", k.unblock(gotGates, batch, hidden, 4, 3), k.read(o), CELL);
  }

  /** {@code missing}: 0 both gradients, 1 no dc, 2 no dh. */
  private static void lstmBackward(Workspace ws, int batch, int hidden, int missing) {
    int g = batch * 4 * hidden;
    int n = batch * hidden;
    float[] gates = Inputs.uniform(21L + g, g, 0.05f, 0.95f);
    // the g block is a tanh: in (−1, 1)
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        int at = r * 4 * hidden + 2 * hidden + j;
        gates[at] = 2 * gates[at] - 1;
      }
    }
    float[] cPrev = Inputs.uniform(22L + n, n, -2, 2);
    float[] c = Inputs.uniform(23L + n, n, -2, 2);
    float[] dh = missing == 2 ? null : Inputs.uniform(24L + n, n, -1, 1);
    float[] dc = missing == 1 ? null : Inputs.uniform(25L + n, n, -1, 1);
    Storage gs = ws.input(gates);
    Storage cps = ws.input(cPrev);
    Storage cs = ws.input(c);
    Storage dhs = dh == null ? null : ws.input(dh);
    Storage dcs = dc == null ? null : ws.input(dc);
    Storage dz = ws.output(g);
    Storage dcPrev = ws.output(n);
    ws.backend()
        .capability(FusedLstmCell.class)
        .orElseThrow()
        .backward(gs, cps, cs, dhs, dcs, batch, hidden, dz, dcPrev);
    float[] gotDz = ws.read(dz, g);
    float[] gotDcPrev = ws.read(dcPrev, n);

    double[] eDz = new double[g];
    double[] eDcPrev = new double[n];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        int base = r * 4 * hidden + j;
        int s = r * hidden + j;
        double i = gates[base];
        double f = gates[base + hidden];
        double gg = gates[base + 2 * hidden];
        double o = gates[base + 3 * hidden];
        double tau = Math.tanh(c[s]);
        double dhv = dh == null ? 0 : dh[s];
        double total = (dc == null ? 0 : dc[s]) + dhv * o * (1 - tau * tau);
        eDz[base] = total * gg * i * (1 - i);
        eDz[base + hidden] = total * cPrev[s] * f * (1 - f);
        eDz[base + 2 * hidden] = total * i * (1 - gg * gg);
        eDz[base + 3 * hidden] = dhv * tau * o * (1 - o);
        eDcPrev[s] = total * f;
      }
    }
    Expect.close("FusedLstmCell dz", gotDz, eDz, CELL);
    Expect.close("FusedLstmCell dcPrev", gotDcPrev, eDcPrev, CELL);

    // the composition: autograd's rules of the forward composition, as core kernels
    Core k = new Core(ws, n);
    Storage i = k.block(gs, batch, hidden, 4, 0);
    Storage f = k.block(gs, batch, hidden, 4, 1);
    Storage gg = k.block(gs, batch, hidden, 4, 2);
    Storage o = k.block(gs, batch, hidden, 4, 3);
    Storage tau = k.unary(UnaryOp.TANH, cs);
    Storage total = dcs;
    if (dhs != null) {
      Storage fromH = k.mul(k.mul(dhs, o), k.oneMinus(k.mul(tau, tau)));
      total = total == null ? fromH : k.add(total, fromH);
    }
    if (total == null) {
      total = k.zeros();
    }
    Storage dzi = k.mul(k.mul(total, gg), k.mul(i, k.oneMinus(i)));
    Storage dcp = k.mul(total, f);
    String what = "FusedLstmCell backward against its composition: ";
    Expect.close(what + "dz_i", k.unblock(gotDz, batch, hidden, 4, 0), k.read(dzi), CELL);
    Expect.close(what + "dcPrev", gotDcPrev, k.read(dcp), CELL);
  }

  // ---------------------------------------------------------------- GRU

  private static void gruForward(Workspace ws, int batch, int hidden, boolean withBias) {
    int g = batch * 3 * hidden;
    int n = batch * hidden;
    float[] xp = Inputs.uniform(31L + g, g, -2, 2);
    float[] hh = Inputs.uniform(32L + g, g, -2, 2);
    float[] bhh = withBias ? Inputs.uniform(33L + hidden, 3 * hidden, -1, 1) : null;
    float[] hPrev = Inputs.uniform(34L + n, n, -1, 1);
    Storage xs = ws.input(xp);
    Storage hs = ws.input(hh);
    Storage bs = bhh == null ? null : ws.input(bhh);
    Storage ps = ws.input(hPrev);
    Storage saved = ws.output(batch * 4 * hidden);
    Storage h = ws.output(n);
    ws.backend()
        .capability(FusedGruCell.class)
        .orElseThrow()
        .forward(xs, hs, bs, ps, batch, hidden, saved, h);
    float[] gotH = ws.read(h, n);
    float[] gotSaved = ws.read(saved, batch * 4 * hidden);

    double[] eH = new double[n];
    double[] eSaved = new double[batch * 4 * hidden];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        int base = r * 3 * hidden + j;
        double ar = hh[base] + (bhh == null ? 0 : bhh[j]);
        double az = hh[base + hidden] + (bhh == null ? 0 : bhh[hidden + j]);
        double an = hh[base + 2 * hidden] + (bhh == null ? 0 : bhh[2 * hidden + j]);
        double rv = sigmoid(xp[base] + ar);
        double zv = sigmoid(xp[base + hidden] + az);
        double nv = Math.tanh(xp[base + 2 * hidden] + rv * an);
        int s = r * hidden + j;
        eH[s] = (1 - zv) * nv + zv * hPrev[s];
        int v = r * 4 * hidden + j;
        eSaved[v] = rv;
        eSaved[v + hidden] = zv;
        eSaved[v + 2 * hidden] = nv;
        eSaved[v + 3 * hidden] = an;
      }
    }
    Expect.close("FusedGruCell h", gotH, eH, CELL);
    Expect.close("FusedGruCell saved", gotSaved, eSaved, CELL);

    Core k = new Core(ws, n);
    Storage a = hs;
    if (bs != null) {
      a = ws.allocate(g);
      ws.backend()
          .binary(
              BinaryOp.ADD,
              new int[] {batch, 3 * hidden},
              hs,
              new int[] {3 * hidden, 1},
              bs,
              new int[] {0, 1},
              a);
    }
    Storage rv =
        k.unary(
            UnaryOp.SIGMOID,
            k.add(k.block(xs, batch, hidden, 3, 0), k.block(a, batch, hidden, 3, 0)));
    Storage zv =
        k.unary(
            UnaryOp.SIGMOID,
            k.add(k.block(xs, batch, hidden, 3, 1), k.block(a, batch, hidden, 3, 1)));
    Storage nv =
        k.unary(
            UnaryOp.TANH,
            k.add(k.block(xs, batch, hidden, 3, 2), k.mul(rv, k.block(a, batch, hidden, 3, 2))));
    Storage composed = k.add(k.mul(k.oneMinus(zv), nv), k.mul(zv, ps));
    Expect.close("FusedGruCell against its composition: h", gotH, k.read(composed), CELL);
  }

  private static void gruBackward(Workspace ws, int batch, int hidden) {
    int n = batch * hidden;
    int v = batch * 4 * hidden;
    float[] saved = Inputs.uniform(41L + v, v, 0.05f, 0.95f);
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        int at = r * 4 * hidden + 2 * hidden + j;
        saved[at] = 2 * saved[at] - 1; // n is a tanh
        saved[at + hidden] = 4 * saved[at + hidden] - 2; // a_n is any value
      }
    }
    float[] hPrev = Inputs.uniform(42L + n, n, -1, 1);
    float[] dh = Inputs.uniform(43L + n, n, -1, 1);
    Storage ss = ws.input(saved);
    Storage ps = ws.input(hPrev);
    Storage ds = ws.input(dh);
    Storage dxp = ws.output(batch * 3 * hidden);
    Storage dhh = ws.output(batch * 3 * hidden);
    Storage dhPrev = ws.output(n);
    ws.backend()
        .capability(FusedGruCell.class)
        .orElseThrow()
        .backward(ss, ps, ds, batch, hidden, dxp, dhh, dhPrev);
    float[] gotDxp = ws.read(dxp, batch * 3 * hidden);
    float[] gotDhh = ws.read(dhh, batch * 3 * hidden);
    float[] gotDhPrev = ws.read(dhPrev, n);

    double[] eDxp = new double[batch * 3 * hidden];
    double[] eDhh = new double[batch * 3 * hidden];
    double[] eDhPrev = new double[n];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < hidden; j++) {
        int sv = r * 4 * hidden + j;
        int s = r * hidden + j;
        int base = r * 3 * hidden + j;
        double rv = saved[sv];
        double zv = saved[sv + hidden];
        double nv = saved[sv + 2 * hidden];
        double an = saved[sv + 3 * hidden];
        double d = dh[s];
        double dn = d * (1 - zv) * (1 - nv * nv);
        double dz = (d * hPrev[s] - d * nv) * zv * (1 - zv);
        double dr = dn * an * rv * (1 - rv);
        eDxp[base] = dr;
        eDxp[base + hidden] = dz;
        eDxp[base + 2 * hidden] = dn;
        eDhh[base] = dr;
        eDhh[base + hidden] = dz;
        eDhh[base + 2 * hidden] = dn * rv;
        eDhPrev[s] = d * zv;
      }
    }
    // no transcendental enters: a few correctly rounded products of magnitudes at most 2
    Tolerance products = (i, e) -> 16 * Tolerance.U * 4 + Float.MIN_NORMAL;
    Expect.close("FusedGruCell dxp", gotDxp, eDxp, products);
    Expect.close("FusedGruCell dhh", gotDhh, eDhh, products);
    Expect.close("FusedGruCell dhPrev", gotDhPrev, eDhPrev, products);

    Core k = new Core(ws, n);
    Storage rv = k.block(ss, batch, hidden, 4, 0);
    Storage zv = k.block(ss, batch, hidden, 4, 1);
    Storage nv = k.block(ss, batch, hidden, 4, 2);
    Storage an = k.block(ss, batch, hidden, 4, 3);
    Storage dn = k.mul(k.mul(ds, k.oneMinus(zv)), k.oneMinus(k.mul(nv, nv)));
    Storage dz = k.mul(k.sub(k.mul(ds, ps), k.mul(ds, nv)), k.mul(zv, k.oneMinus(zv)));
    Storage dr = k.mul(k.mul(dn, an), k.mul(rv, k.oneMinus(rv)));
    String what = "FusedGruCell backward against its composition: ";
    Expect.identical(what + "dr", k.unblockFloat(gotDxp, batch, hidden, 3, 0), ws.read(dr, n));
    Expect.identical(what + "dz", k.unblockFloat(gotDxp, batch, hidden, 3, 1), ws.read(dz, n));
    Expect.identical(what + "dn", k.unblockFloat(gotDxp, batch, hidden, 3, 2), ws.read(dn, n));
    Expect.identical(
        what + "dn·r", k.unblockFloat(gotDhh, batch, hidden, 3, 2), ws.read(k.mul(dn, rv), n));
    Expect.identical(what + "dhPrev", gotDhPrev, ws.read(k.mul(ds, zv), n));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Element-wise core kernels over storages of {@code n} elements. */
  private static final class Core {
    private final Workspace ws;
    private final Backend backend;
    private final int n;
    private final int[] shape;
    private final Storage one;

    Core(Workspace ws, int n) {
      this.ws = ws;
      this.backend = ws.backend();
      this.n = n;
      this.shape = new int[] {n};
      this.one = ws.allocate(1);
      backend.fill(one, 0, 1, 1f);
    }

    Storage binary(BinaryOp op, Storage a, Storage b) {
      Storage out = ws.allocate(Math.max(1, n));
      backend.binary(op, shape, a, DENSE, b, DENSE, out);
      return out;
    }

    Storage add(Storage a, Storage b) {
      return binary(BinaryOp.ADD, a, b);
    }

    Storage sub(Storage a, Storage b) {
      return binary(BinaryOp.SUB, a, b);
    }

    Storage mul(Storage a, Storage b) {
      return binary(BinaryOp.MUL, a, b);
    }

    /** {@code 1 − a}, as autograd composes it: {@code (−a) + 1}. */
    Storage oneMinus(Storage a) {
      Storage negated = ws.allocate(Math.max(1, n));
      backend.unary(UnaryOp.NEG, 0f, a, negated, n);
      Storage out = ws.allocate(Math.max(1, n));
      backend.binary(BinaryOp.ADD, shape, negated, DENSE, one, new int[] {0}, out);
      return out;
    }

    Storage unary(UnaryOp op, Storage a) {
      Storage out = ws.allocate(Math.max(1, n));
      backend.unary(op, 0f, a, out, n);
      return out;
    }

    Storage zeros() {
      Storage out = ws.allocate(Math.max(1, n));
      backend.fill(out, 0, n, 0f);
      return out;
    }

    /** Block {@code k} of {@code blocks} of a {@code [batch, blocks·hidden]} storage. */
    Storage block(Storage s, int batch, int hidden, int blocks, int k) {
      Storage out = ws.allocate(Math.max(1, n));
      backend.copy(
          new int[] {batch, hidden},
          s,
          k * hidden,
          new int[] {blocks * hidden, 1},
          out,
          0,
          new int[] {hidden, 1});
      return out;
    }

    double[] read(Storage s) {
      return Expect.toDouble(ws.read(s, n));
    }

    float[] unblockFloat(float[] values, int batch, int hidden, int blocks, int k) {
      float[] out = new float[batch * hidden];
      for (int r = 0; r < batch; r++) {
        System.arraycopy(values, r * blocks * hidden + k * hidden, out, r * hidden, hidden);
      }
      return out;
    }

    float[] unblock(float[] values, int batch, int hidden, int blocks, int k) {
      return unblockFloat(values, batch, hidden, blocks, k);
    }
  }

  private static final int[] DENSE = {1};
}
