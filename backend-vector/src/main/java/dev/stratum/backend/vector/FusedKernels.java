package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedActivationGradient;
import dev.stratum.backend.fused.FusedAdam;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The fused kernels the vector backend offers as capabilities: bias + activation ({@link
 * dev.stratum.backend.fused.FusedBiasActivation}, the tail of a dense layer, one pass per row while
 * it is in L1), the gradient through an activation ({@link FusedActivationGradient}, from its
 * output), axpy ({@link dev.stratum.backend.fused.FusedAxpy}, the core of optimizer updates) and
 * Adam's step ({@link FusedAdam}, one pass over parameter, gradient and both moments instead of
 * about ten), each without the temporaries of the compositions they replace, and each with the same
 * bits.
 */
final class FusedKernels {

  private FusedKernels() {}

  static void biasActivation(
      Parallel parallel,
      boolean simd,
      UnaryOp act,
      float alpha,
      float[] x,
      float[] bias,
      int rows,
      int cols,
      float[] out) {
    if (rows == 0 || cols == 0) {
      return;
    }
    parallel.forRange(
        rows,
        Math.max(1, Simd.GRAIN / cols),
        (start, end) -> {
          for (int r = start; r < end; r++) {
            int base = r * cols;
            if (simd) {
              ElementwiseKernels.binaryRowSimd(
                  BinaryOp.ADD, x, base, 1, bias, 0, 1, out, base, cols);
            } else {
              ElementwiseKernels.binaryRowScalar(
                  BinaryOp.ADD, x, base, 1, bias, 0, 1, out, base, cols, 0);
            }
            // the row was just written, so the activation pass reads it from L1
            if (act != null) {
              ElementwiseKernels.unaryRange(simd, act, alpha, out, out, base, base + cols);
            }
          }
        });
  }

  /**
   * {@link FusedActivationGradient}: {@code out = g·act'(y)}, each product and sum rounded on its
   * own in the order of the composition the capability defines, in the SIMD body and the scalar
   * tail alike, so both give what this backend's own kernels give.
   */
  static void activationGradient(
      Parallel parallel,
      boolean simd,
      UnaryOp act,
      float alpha,
      float[] y,
      float[] g,
      float[] out,
      int count) {
    FusedActivationGradient.requireSupported(act, alpha);
    // LEAKY_RELU's s·(1 − alpha) + alpha: 1 − alpha rounded to float first, as the composition's
    // constant is
    float slope = 1f - alpha;
    parallel.forRange(
        count,
        Simd.GRAIN,
        (start, end) -> {
          int i = start;
          if (simd) {
            i = activationGradientBody(act, alpha, slope, y, g, out, start, end);
          }
          for (; i < end; i++) {
            out[i] = g[i] * derivative(act, alpha, slope, y[i]);
          }
        });
  }

  /**
   * The whole vectors of {@link #activationGradient} in {@code [start, end)}; returns the next
   * index. One loop per activation, so that no vector crosses a branch.
   */
  private static int activationGradientBody(
      UnaryOp act,
      float alpha,
      float slope,
      float[] y,
      float[] g,
      float[] out,
      int start,
      int end) {
    int bound = start + SPECIES.loopBound(end - start);
    switch (act) {
      case SIGMOID -> {
        for (int i = start; i < bound; i += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, y, i);
          FloatVector.fromArray(SPECIES, g, i).mul(v.mul(v.neg().add(1f))).intoArray(out, i);
        }
      }
      case TANH -> {
        for (int i = start; i < bound; i += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, y, i);
          FloatVector.fromArray(SPECIES, g, i).mul(v.mul(v).neg().add(1f)).intoArray(out, i);
        }
      }
      case LEAKY_RELU -> {
        for (int i = start; i < bound; i += LANES) {
          FloatVector s = ElementwiseKernels.step(FloatVector.fromArray(SPECIES, y, i));
          FloatVector.fromArray(SPECIES, g, i).mul(s.mul(slope).add(alpha)).intoArray(out, i);
        }
      }
      case ELU -> {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int i = start; i < bound; i += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, y, i);
          // where(s, 1, y + alpha): a NaN s counts as true, as NE says
          FloatVector d =
              v.add(alpha).blend(one, ElementwiseKernels.step(v).compare(VectorOperators.NE, 0f));
          FloatVector.fromArray(SPECIES, g, i).mul(d).intoArray(out, i);
        }
      }
      default -> {
        for (int i = start; i < bound; i += LANES) {
          FloatVector s = ElementwiseKernels.step(FloatVector.fromArray(SPECIES, y, i));
          FloatVector.fromArray(SPECIES, g, i).mul(s).intoArray(out, i);
        }
      }
    }
    return Math.max(start, bound);
  }

  /** {@code act'} from the output {@code y}, as {@link #activationGradientBody} computes it. */
  private static float derivative(UnaryOp act, float alpha, float slope, float y) {
    float s = ScalarMath.unary(UnaryOp.STEP, 0f, y);
    return switch (act) {
      case SIGMOID -> y * (-y + 1f);
      case TANH -> -(y * y) + 1f;
      case LEAKY_RELU -> s * slope + alpha;
      case ELU -> s != 0 ? 1f : y + alpha;
      default -> s;
    };
  }

  static void axpy(Parallel parallel, boolean simd, float alpha, float[] x, float[] y, int count) {
    parallel.forRange(
        count,
        Simd.GRAIN,
        (start, end) -> {
          int i = start;
          if (simd) {
            int bound = start + SPECIES.loopBound(end - start);
            body:
            for (; i < bound; i += LANES) {
              // mul then add, not fma: keeps the SIMD and scalar paths bit-identical
              FloatVector.fromArray(SPECIES, x, i)
                  .mul(alpha)
                  .add(FloatVector.fromArray(SPECIES, y, i))
                  .intoArray(y, i);
            }
          }
          tail:
          for (; i < end; i++) {
            y[i] += alpha * x[i];
          }
        });
  }

  /**
   * Adam's step in one pass, rounding each product and sum as {@link FusedAdam} defines (mul then
   * add, no fma), so the SIMD, scalar and composed paths agree bit for bit.
   */
  static void adamUpdate(
      Parallel parallel,
      boolean simd,
      float[] p,
      float[] g,
      float[] m,
      float[] v,
      int count,
      FusedAdam.Coefficients c) {
    // locals, so the loops below read registers rather than the record's fields
    float beta1 = c.beta1();
    float oneMinusBeta1 = c.oneMinusBeta1();
    float beta2 = c.beta2();
    float oneMinusBeta2 = c.oneMinusBeta2();
    float vScale = c.vScale();
    float epsilon = c.epsilon();
    float negativeStep = -c.stepSize();
    parallel.forRange(
        count,
        Simd.GRAIN,
        (start, end) -> {
          int i = start;
          if (simd) {
            int bound = start + SPECIES.loopBound(end - start);
            body:
            for (; i < bound; i += LANES) {
              FloatVector gi = FloatVector.fromArray(SPECIES, g, i);
              FloatVector mi =
                  FloatVector.fromArray(SPECIES, m, i).mul(beta1).add(gi.mul(oneMinusBeta1));
              FloatVector vi =
                  FloatVector.fromArray(SPECIES, v, i)
                      .mul(beta2)
                      .add(gi.mul(gi).mul(oneMinusBeta2));
              mi.intoArray(m, i);
              vi.intoArray(v, i);
              FloatVector denominator = vi.sqrt().mul(vScale).add(epsilon);
              mi.div(denominator)
                  .mul(negativeStep)
                  .add(FloatVector.fromArray(SPECIES, p, i))
                  .intoArray(p, i);
            }
          }
          tail:
          for (; i < end; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + oneMinusBeta1 * gi;
            float vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            float denominator = (float) Math.sqrt(vi) * vScale + epsilon;
            p[i] += negativeStep * (mi / denominator);
          }
        });
  }
}
