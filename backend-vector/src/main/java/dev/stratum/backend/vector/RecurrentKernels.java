package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import dev.stratum.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;

/**
 * The fused recurrent-cell tails the vector backend offers as capabilities ({@link
 * dev.stratum.backend.fused.FusedLstmCell}, {@link dev.stratum.backend.fused.FusedGruCell}): one
 * visit per batch row instead of a dozen element-wise kernels over the whole batch, rounding every
 * sum and product as the capabilities define (mul then add, no fma).
 *
 * <p>Each row runs as a few short passes while it is in L1: the sums, then the sigmoids and tanhs
 * through {@code unary}'s own loops ({@link ElementwiseKernels#unaryRange}, so each element gets
 * exactly {@code unary}'s body or tail), then the state update. One loop that called sigmoid and
 * tanh itself would be shorter but slower: C2 then stops inlining the transcendentals, and every
 * vector they return is boxed on the heap (measured: the whole workload 3× slower, 450 MB/s of
 * garbage).
 */
final class RecurrentKernels {

  private RecurrentKernels() {}

  /**
   * Rows per task: an eighth of {@link Simd#GRAIN} elements of the gate matrix ({@code 4·hidden}
   * per row). {@link Simd#GRAIN} is sized for simple element-wise operations; a cell's tail
   * computes several logistic and tanh functions per unit, about 2 ns per gate element forward and
   * 0.7 backward on Zen 3 against 0.2–0.3 for an add, so fewer elements pay for a hand-off to a
   * warm worker. Workload 4's step (64 rows of 128 units, about 60 µs forward) is split in two: at
   * two threads its LSTM ran 1,241–1,310 sequences/s with the step on one thread and 1,400–1,696
   * split.
   */
  private static int rowGrain(int hidden) {
    return Math.max(1, Simd.GRAIN / (8 * 4 * Math.max(1, hidden)));
  }

  // ---------------------------------------------------------------- LSTM

  static void lstmForward(
      Parallel parallel,
      boolean simd,
      float[] xp,
      float[] hh,
      float[] cPrev,
      int batch,
      int hidden,
      float[] gates,
      float[] c,
      float[] h) {
    int bound = simd ? SPECIES.loopBound(hidden) : 0;
    parallel.forRange(
        batch,
        rowGrain(hidden),
        (start, end) -> {
          for (int r = start; r < end; r++) {
            int g0 = r * 4 * hidden;
            int s0 = r * hidden;
            add(simd, xp, hh, gates, g0, g0 + 4 * hidden);
            ElementwiseKernels.unaryRange(
                simd, UnaryOp.SIGMOID, 0f, gates, gates, g0, g0 + 2 * hidden);
            ElementwiseKernels.unaryRange(
                simd, UnaryOp.TANH, 0f, gates, gates, g0 + 2 * hidden, g0 + 3 * hidden);
            ElementwiseKernels.unaryRange(
                simd, UnaryOp.SIGMOID, 0f, gates, gates, g0 + 3 * hidden, g0 + 4 * hidden);
            int j = 0;
            cell:
            for (; j < bound; j += LANES) {
              FloatVector i = FloatVector.fromArray(SPECIES, gates, g0 + j);
              FloatVector f = FloatVector.fromArray(SPECIES, gates, g0 + hidden + j);
              FloatVector g = FloatVector.fromArray(SPECIES, gates, g0 + 2 * hidden + j);
              f.mul(FloatVector.fromArray(SPECIES, cPrev, s0 + j))
                  .add(i.mul(g))
                  .intoArray(c, s0 + j);
            }
            cellTail:
            for (; j < hidden; j++) {
              c[s0 + j] =
                  gates[g0 + hidden + j] * cPrev[s0 + j]
                      + gates[g0 + j] * gates[g0 + 2 * hidden + j];
            }
            ElementwiseKernels.unaryRange(simd, UnaryOp.TANH, 0f, c, h, s0, s0 + hidden);
            j = 0;
            output:
            for (; j < bound; j += LANES) {
              FloatVector.fromArray(SPECIES, gates, g0 + 3 * hidden + j)
                  .mul(FloatVector.fromArray(SPECIES, h, s0 + j))
                  .intoArray(h, s0 + j);
            }
            outputTail:
            for (; j < hidden; j++) {
              h[s0 + j] = gates[g0 + 3 * hidden + j] * h[s0 + j];
            }
          }
        });
  }

  /** {@code dh} or {@code dc} may be null (zero). */
  static void lstmBackward(
      Parallel parallel,
      boolean simd,
      float[] gates,
      float[] cPrev,
      float[] c,
      float[] dh,
      float[] dc,
      int batch,
      int hidden,
      float[] dz,
      float[] dcPrev) {
    int bound = simd ? SPECIES.loopBound(hidden) : 0;
    // a missing gradient is zeros; arrays of them keep branches out of the loops, and adding +0
    // changes no sum (only, possibly, the sign of a zero)
    float[] dhs = dh != null ? dh : new float[batch * hidden];
    float[] dcs = dc != null ? dc : new float[batch * hidden];
    parallel.forRange(
        batch,
        rowGrain(hidden),
        (start, end) -> {
          FloatVector one = FloatVector.broadcast(SPECIES, 1f);
          for (int r = start; r < end; r++) {
            int g0 = r * 4 * hidden;
            int s0 = r * hidden;
            // tanh(c) goes into dcPrev first; each element is read before it is overwritten
            ElementwiseKernels.unaryRange(simd, UnaryOp.TANH, 0f, c, dcPrev, s0, s0 + hidden);
            int j = 0;
            body:
            for (; j < bound; j += LANES) {
              int s = s0 + j;
              FloatVector i = FloatVector.fromArray(SPECIES, gates, g0 + j);
              FloatVector f = FloatVector.fromArray(SPECIES, gates, g0 + hidden + j);
              FloatVector g = FloatVector.fromArray(SPECIES, gates, g0 + 2 * hidden + j);
              FloatVector o = FloatVector.fromArray(SPECIES, gates, g0 + 3 * hidden + j);
              FloatVector tau = FloatVector.fromArray(SPECIES, dcPrev, s);
              FloatVector d = FloatVector.fromArray(SPECIES, dhs, s);
              FloatVector total =
                  FloatVector.fromArray(SPECIES, dcs, s).add(d.mul(o).mul(one.sub(tau.mul(tau))));
              total.mul(g).mul(i.mul(one.sub(i))).intoArray(dz, g0 + j);
              total
                  .mul(FloatVector.fromArray(SPECIES, cPrev, s))
                  .mul(f.mul(one.sub(f)))
                  .intoArray(dz, g0 + hidden + j);
              total.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, g0 + 2 * hidden + j);
              d.mul(tau).mul(o.mul(one.sub(o))).intoArray(dz, g0 + 3 * hidden + j);
              total.mul(f).intoArray(dcPrev, s);
            }
            tail:
            for (; j < hidden; j++) {
              int s = s0 + j;
              float i = gates[g0 + j];
              float f = gates[g0 + hidden + j];
              float g = gates[g0 + 2 * hidden + j];
              float o = gates[g0 + 3 * hidden + j];
              float tau = dcPrev[s];
              float total = dcs[s] + dhs[s] * o * (1f - tau * tau);
              dz[g0 + j] = total * g * (i * (1f - i));
              dz[g0 + hidden + j] = total * cPrev[s] * (f * (1f - f));
              dz[g0 + 2 * hidden + j] = total * i * (1f - g * g);
              dz[g0 + 3 * hidden + j] = dhs[s] * tau * (o * (1f - o));
              dcPrev[s] = total * f;
            }
          }
        });
  }

  /** {@code out[k] = a[k] + b[k]} for {@code k} in {@code [from, to)}. */
  private static void add(boolean simd, float[] a, float[] b, float[] out, int from, int to) {
    int k = from;
    if (simd) {
      int bound = from + SPECIES.loopBound(to - from);
      body:
      for (; k < bound; k += LANES) {
        FloatVector.fromArray(SPECIES, a, k)
            .add(FloatVector.fromArray(SPECIES, b, k))
            .intoArray(out, k);
      }
    }
    tail:
    for (; k < to; k++) {
      out[k] = a[k] + b[k];
    }
  }

  // ---------------------------------------------------------------- GRU

  /** {@code bhh} may be null (no hidden bias). */
  static void gruForward(
      Parallel parallel,
      boolean simd,
      float[] xp,
      float[] hh,
      float[] bhh,
      float[] hPrev,
      int batch,
      int hidden,
      float[] saved,
      float[] h) {
    int bound = simd ? SPECIES.loopBound(hidden) : 0;
    float[] b = bhh != null ? bhh : new float[3 * hidden];
    parallel.forRange(
        batch,
        rowGrain(hidden),
        (start, end) -> {
          FloatVector one = FloatVector.broadcast(SPECIES, 1f);
          for (int r = start; r < end; r++) {
            int g0 = r * 3 * hidden;
            int v0 = r * 4 * hidden;
            int s0 = r * hidden;
            // saved = [r, z, n, a_n]: first the pre-activations of r and z, and a_n
            int k = 0;
            int gates = 2 * hidden;
            int gatesBound = simd ? SPECIES.loopBound(gates) : 0;
            sums:
            for (; k < gatesBound; k += LANES) {
              FloatVector a =
                  FloatVector.fromArray(SPECIES, hh, g0 + k)
                      .add(FloatVector.fromArray(SPECIES, b, k));
              FloatVector.fromArray(SPECIES, xp, g0 + k).add(a).intoArray(saved, v0 + k);
            }
            sumsTail:
            for (; k < gates; k++) {
              saved[v0 + k] = xp[g0 + k] + (hh[g0 + k] + b[k]);
            }
            ElementwiseKernels.unaryRange(simd, UnaryOp.SIGMOID, 0f, saved, saved, v0, v0 + gates);
            int j = 0;
            candidate:
            for (; j < bound; j += LANES) {
              FloatVector an =
                  FloatVector.fromArray(SPECIES, hh, g0 + 2 * hidden + j)
                      .add(FloatVector.fromArray(SPECIES, b, 2 * hidden + j));
              an.intoArray(saved, v0 + 3 * hidden + j);
              FloatVector.fromArray(SPECIES, saved, v0 + j)
                  .mul(an)
                  .add(FloatVector.fromArray(SPECIES, xp, g0 + 2 * hidden + j))
                  .intoArray(saved, v0 + 2 * hidden + j);
            }
            candidateTail:
            for (; j < hidden; j++) {
              float an = hh[g0 + 2 * hidden + j] + b[2 * hidden + j];
              saved[v0 + 3 * hidden + j] = an;
              saved[v0 + 2 * hidden + j] = xp[g0 + 2 * hidden + j] + saved[v0 + j] * an;
            }
            ElementwiseKernels.unaryRange(
                simd, UnaryOp.TANH, 0f, saved, saved, v0 + 2 * hidden, v0 + 3 * hidden);
            j = 0;
            update:
            for (; j < bound; j += LANES) {
              FloatVector z = FloatVector.fromArray(SPECIES, saved, v0 + hidden + j);
              FloatVector n = FloatVector.fromArray(SPECIES, saved, v0 + 2 * hidden + j);
              one.sub(z)
                  .mul(n)
                  .add(z.mul(FloatVector.fromArray(SPECIES, hPrev, s0 + j)))
                  .intoArray(h, s0 + j);
            }
            updateTail:
            for (; j < hidden; j++) {
              float z = saved[v0 + hidden + j];
              h[s0 + j] = (1f - z) * saved[v0 + 2 * hidden + j] + z * hPrev[s0 + j];
            }
          }
        });
  }

  static void gruBackward(
      Parallel parallel,
      boolean simd,
      float[] saved,
      float[] hPrev,
      float[] dh,
      int batch,
      int hidden,
      float[] dxp,
      float[] dhh,
      float[] dhPrev) {
    int bound = simd ? SPECIES.loopBound(hidden) : 0;
    parallel.forRange(
        batch,
        rowGrain(hidden),
        (start, end) -> {
          FloatVector one = FloatVector.broadcast(SPECIES, 1f);
          for (int r = start; r < end; r++) {
            int g0 = r * 3 * hidden;
            int v0 = r * 4 * hidden;
            int s0 = r * hidden;
            int j = 0;
            body:
            for (; j < bound; j += LANES) {
              int s = s0 + j;
              FloatVector rv = FloatVector.fromArray(SPECIES, saved, v0 + j);
              FloatVector zv = FloatVector.fromArray(SPECIES, saved, v0 + hidden + j);
              FloatVector nv = FloatVector.fromArray(SPECIES, saved, v0 + 2 * hidden + j);
              FloatVector an = FloatVector.fromArray(SPECIES, saved, v0 + 3 * hidden + j);
              FloatVector d = FloatVector.fromArray(SPECIES, dh, s);
              FloatVector dn = d.mul(one.sub(zv)).mul(one.sub(nv.mul(nv)));
              FloatVector dz =
                  d.mul(FloatVector.fromArray(SPECIES, hPrev, s))
                      .sub(d.mul(nv))
                      .mul(zv.mul(one.sub(zv)));
              FloatVector dr = dn.mul(an).mul(rv.mul(one.sub(rv)));
              dr.intoArray(dxp, g0 + j);
              dz.intoArray(dxp, g0 + hidden + j);
              dn.intoArray(dxp, g0 + 2 * hidden + j);
              dr.intoArray(dhh, g0 + j);
              dz.intoArray(dhh, g0 + hidden + j);
              dn.mul(rv).intoArray(dhh, g0 + 2 * hidden + j);
              d.mul(zv).intoArray(dhPrev, s);
            }
            tail:
            for (; j < hidden; j++) {
              int s = s0 + j;
              float rv = saved[v0 + j];
              float zv = saved[v0 + hidden + j];
              float nv = saved[v0 + 2 * hidden + j];
              float an = saved[v0 + 3 * hidden + j];
              float d = dh[s];
              float dn = d * (1f - zv) * (1f - nv * nv);
              float dz = (d * hPrev[s] - d * nv) * (zv * (1f - zv));
              float dr = dn * an * (rv * (1f - rv));
              dxp[g0 + j] = dr;
              dxp[g0 + hidden + j] = dz;
              dxp[g0 + 2 * hidden + j] = dn;
              dhh[g0 + j] = dr;
              dhh[g0 + hidden + j] = dz;
              dhh[g0 + 2 * hidden + j] = dn * rv;
              dhPrev[s] = d * zv;
            }
          }
        });
  }
}
