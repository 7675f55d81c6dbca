package dev.stratum.backend.vector;

import static dev.stratum.backend.vector.Simd.LANES;
import static dev.stratum.backend.vector.Simd.SPECIES;

import dev.stratum.backend.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions over the middle axis of {@code [outer, extent, inner]}, arg-reductions and softmax.
 * With {@code inner == 1} (reducing rows) the vector runs along the extent; otherwise it runs along
 * the inner axis and keeps its accumulator in a register while walking the extent.
 */
final class ReductionKernels {

  private ReductionKernels() {}

  static void reduce(
      Parallel parallel,
      boolean simd,
      ReduceOp op,
      float[] x,
      int outer,
      int extent,
      int inner,
      float[] out) {
    if (outer == 0 || inner == 0) {
      return;
    }
    if (inner == 1) {
      int grain = Math.max(1, Simd.GRAIN / Math.max(1, extent));
      parallel.forRange(
          outer,
          grain,
          (start, end) -> {
            for (int o = start; o < end; o++) {
              out[o] =
                  simd
                      ? reduceRowSimd(op, x, o * extent, extent)
                      : reduceRowScalar(op, x, o * extent, extent);
            }
          });
      return;
    }
    // split over outer x inner pieces so a single long outer still uses every thread
    int pieces = Math.max(1, inner / (LANES * 16));
    int grain = Math.max(1, Simd.GRAIN / Math.max(1, extent * (inner / pieces)));
    parallel.forRange(
        outer * pieces,
        grain,
        (start, end) -> {
          for (int t = start; t < end; t++) {
            int o = t / pieces;
            int p = t % pieces;
            // piece borders on whole vectors, so only the last piece has a scalar tail
            int from = (int) ((long) inner * p / pieces) / LANES * LANES;
            int to =
                p == pieces - 1 ? inner : (int) ((long) inner * (p + 1) / pieces) / LANES * LANES;
            reduceColumns(simd, op, x, o * extent * inner, extent, inner, out, o * inner, from, to);
          }
        });
  }

  private static float reduceRowScalar(ReduceOp op, float[] x, int base, int extent) {
    if (op == ReduceOp.SUM) {
      float sum = 0f;
      for (int e = 0; e < extent; e++) {
        sum += x[base + e];
      }
      return sum;
    }
    float acc = x[base];
    for (int e = 1; e < extent; e++) {
      acc = combine(op, acc, x[base + e]);
    }
    return acc;
  }

  private static float combine(ReduceOp op, float a, float b) {
    return switch (op) {
      case SUM -> a + b;
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
    };
  }

  /**
   * One contiguous row. Each op has its own loop and finishes to a float inside its case: vectors
   * that merge after a switch several ops take get boxed by C2 (see ElementwiseKernels).
   */
  private static float reduceRowSimd(ReduceOp op, float[] x, int base, int extent) {
    int bound = SPECIES.loopBound(extent);
    if (bound == 0) {
      return reduceRowScalar(op, x, base, extent);
    }
    float result;
    switch (op) {
      case SUM -> {
        FloatVector acc = FloatVector.fromArray(SPECIES, x, base);
        for (int e = LANES; e < bound; e += LANES) {
          acc = acc.add(FloatVector.fromArray(SPECIES, x, base + e));
        }
        // not reduceLanes(ADD): its order of additions changes when C2 compiles the loop
        result = VectorMath.sumLanes(acc);
      }
      case MAX -> {
        FloatVector acc = FloatVector.fromArray(SPECIES, x, base);
        for (int e = LANES; e < bound; e += LANES) {
          acc = acc.max(FloatVector.fromArray(SPECIES, x, base + e));
        }
        // lane-wise max kept any NaN; the lane reduction need not, so check first
        result =
            acc.test(VectorOperators.IS_NAN).anyTrue()
                ? Float.NaN
                : acc.reduceLanes(VectorOperators.MAX);
      }
      case MIN -> {
        FloatVector acc = FloatVector.fromArray(SPECIES, x, base);
        for (int e = LANES; e < bound; e += LANES) {
          acc = acc.min(FloatVector.fromArray(SPECIES, x, base + e));
        }
        result =
            acc.test(VectorOperators.IS_NAN).anyTrue()
                ? Float.NaN
                : acc.reduceLanes(VectorOperators.MIN);
      }
      default -> throw new AssertionError(op);
    }
    tail:
    for (int e = bound; e < extent; e++) {
      result = combine(op, result, x[base + e]);
    }
    return result;
  }

  /** Columns {@code [from, to)} of one outer slice; the accumulator stays in a register. */
  private static void reduceColumns(
      boolean simd,
      ReduceOp op,
      float[] x,
      int base,
      int extent,
      int inner,
      float[] out,
      int outBase,
      int from,
      int to) {
    int j = from;
    if (simd && extent > 0) {
      int bound = from + SPECIES.loopBound(to - from);
      switch (op) {
        case SUM -> {
          // four vectors of columns per walk down the rows: four independent sums instead of one
          // chain of dependent adds, and each row's 4·LANES floats read in one pass; every column
          // is still summed row by row in order, so the result is the same to the bit
          int wide = from + (to - from) / (4 * LANES) * (4 * LANES);
          for (; j < wide; j += 4 * LANES) {
            int o = base + j;
            FloatVector a0 = FloatVector.fromArray(SPECIES, x, o);
            FloatVector a1 = FloatVector.fromArray(SPECIES, x, o + LANES);
            FloatVector a2 = FloatVector.fromArray(SPECIES, x, o + 2 * LANES);
            FloatVector a3 = FloatVector.fromArray(SPECIES, x, o + 3 * LANES);
            for (int e = 1; e < extent; e++) {
              int r = o + e * inner;
              a0 = a0.add(FloatVector.fromArray(SPECIES, x, r));
              a1 = a1.add(FloatVector.fromArray(SPECIES, x, r + LANES));
              a2 = a2.add(FloatVector.fromArray(SPECIES, x, r + 2 * LANES));
              a3 = a3.add(FloatVector.fromArray(SPECIES, x, r + 3 * LANES));
            }
            int d = outBase + j;
            a0.intoArray(out, d);
            a1.intoArray(out, d + LANES);
            a2.intoArray(out, d + 2 * LANES);
            a3.intoArray(out, d + 3 * LANES);
          }
          for (; j < bound; j += LANES) {
            FloatVector acc = FloatVector.fromArray(SPECIES, x, base + j);
            for (int e = 1; e < extent; e++) {
              acc = acc.add(FloatVector.fromArray(SPECIES, x, base + e * inner + j));
            }
            acc.intoArray(out, outBase + j);
          }
        }
        case MAX -> {
          for (; j < bound; j += LANES) {
            FloatVector acc = FloatVector.fromArray(SPECIES, x, base + j);
            for (int e = 1; e < extent; e++) {
              acc = acc.max(FloatVector.fromArray(SPECIES, x, base + e * inner + j));
            }
            acc.intoArray(out, outBase + j);
          }
        }
        case MIN -> {
          for (; j < bound; j += LANES) {
            FloatVector acc = FloatVector.fromArray(SPECIES, x, base + j);
            for (int e = 1; e < extent; e++) {
              acc = acc.min(FloatVector.fromArray(SPECIES, x, base + e * inner + j));
            }
            acc.intoArray(out, outBase + j);
          }
        }
        default -> throw new AssertionError(op);
      }
    }
    tail:
    for (; j < to; j++) {
      float acc = extent == 0 ? 0f : x[base + j];
      for (int e = 1; e < extent; e++) {
        acc = combine(op, acc, x[base + e * inner + j]);
      }
      out[outBase + j] = acc;
    }
  }

  // ---------------------------------------------------------------- arg-reductions

  /**
   * Scalar in both paths: the first-index and first-NaN rules make each step depend on the last,
   * and the kernel is rare (accuracy metrics, not training steps).
   */
  static void argReduce(
      Parallel parallel, ReduceOp op, float[] x, int outer, int extent, int inner, float[] out) {
    if (outer == 0 || inner == 0) {
      return;
    }
    boolean max = op == ReduceOp.MAX;
    if (op == ReduceOp.SUM) {
      throw new IllegalArgumentException("argReduce: op must be MAX or MIN, got SUM");
    }
    int grain = Math.max(1, Simd.GRAIN / Math.max(1, extent));
    parallel.forRange(
        outer * inner,
        grain,
        (start, end) -> {
          for (int t = start; t < end; t++) {
            int o = t / inner;
            int j = t % inner;
            int base = o * extent * inner + j;
            float best = x[base];
            int bestIndex = 0;
            for (int e = 1; e < extent && best == best; e++) {
              float v = x[base + e * inner];
              if (v != v || (max ? v > best : v < best)) {
                best = v;
                bestIndex = e;
              }
            }
            out[t] = bestIndex;
          }
        });
  }

  // ---------------------------------------------------------------- softmax

  static void softmax(
      Parallel parallel, boolean simd, boolean log, float[] x, int rows, int cols, float[] out) {
    if (rows == 0 || cols == 0) {
      return;
    }
    parallel.forRange(
        rows,
        Math.max(1, Simd.GRAIN / cols),
        (start, end) -> {
          for (int r = start; r < end; r++) {
            int base = r * cols;
            float max =
                simd
                    ? reduceRowSimd(ReduceOp.MAX, x, base, cols)
                    : reduceRowScalar(ReduceOp.MAX, x, base, cols);
            if (log) {
              float sum =
                  simd
                      ? sumExpSimd(x, base, cols, max, null)
                      : sumExpScalar(x, base, cols, max, null);
              // (x - max) first: that difference is exact near the maximum, where precision matters
              shiftRow(simd, x, base, cols, max, (float) Math.log(sum), out);
            } else {
              float sum =
                  simd
                      ? sumExpSimd(x, base, cols, max, out)
                      : sumExpScalar(x, base, cols, max, out);
              scaleRow(simd, out, base, cols, 1f / sum);
            }
          }
        });
  }

  /** Sum of e^(x - max) over a row, storing each term in {@code out} when it is not null. */
  private static float sumExpScalar(float[] x, int base, int n, float max, float[] out) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[base + i] - max);
      if (out != null) {
        out[base + i] = e;
      }
      sum += e;
    }
    return sum;
  }

  private static float sumExpSimd(float[] x, int base, int n, float max, float[] out) {
    int i = 0;
    int bound = SPECIES.loopBound(n);
    FloatVector acc = FloatVector.zero(SPECIES);
    body:
    for (; i < bound; i += LANES) {
      FloatVector e = VectorMath.exp(FloatVector.fromArray(SPECIES, x, base + i).sub(max));
      if (out != null) {
        e.intoArray(out, base + i);
      }
      acc = acc.add(e);
    }
    float sum = VectorMath.sumLanes(acc);
    tail:
    for (; i < n; i++) {
      float e = (float) Math.exp(x[base + i] - max);
      if (out != null) {
        out[base + i] = e;
      }
      sum += e;
    }
    return sum;
  }

  private static void shiftRow(
      boolean simd, float[] x, int base, int n, float max, float logSum, float[] out) {
    int i = 0;
    if (simd) {
      int bound = SPECIES.loopBound(n);
      body:
      for (; i < bound; i += LANES) {
        FloatVector.fromArray(SPECIES, x, base + i).sub(max).sub(logSum).intoArray(out, base + i);
      }
    }
    tail:
    for (; i < n; i++) {
      out[base + i] = x[base + i] - max - logSum;
    }
  }

  private static void scaleRow(boolean simd, float[] out, int base, int n, float scale) {
    int i = 0;
    if (simd) {
      int bound = SPECIES.loopBound(n);
      body:
      for (; i < bound; i += LANES) {
        FloatVector.fromArray(SPECIES, out, base + i).mul(scale).intoArray(out, base + i);
      }
    }
    tail:
    for (; i < n; i++) {
      out[base + i] *= scale;
    }
  }
}
