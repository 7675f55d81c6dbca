package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Storage;
import org.junit.jupiter.api.Test;

class MovementAndIndexKernelsTest extends KernelFixture {

  @Test
  void fillWritesOnlyItsRange() {
    for (int n : LENGTHS) {
      for (VectorBackend backend : both()) {
        Storage s = backend.allocate(n + 10);
        backend.fill(s, 0, n + 10, -1f);
        backend.fill(s, 5, n, 2.5f);
        float[] got = get(backend, s);
        for (int i = 0; i < got.length; i++) {
          assertThat(got[i]).as("n=" + n + " i=" + i).isEqualTo(i >= 5 && i < 5 + n ? 2.5f : -1f);
        }
        backend.release(s);
      }
    }
  }

  /** The naive strided copy: an index counter, one element at a time. */
  private static float[] naiveCopy(
      int[] shape,
      float[] src,
      int srcOffset,
      int[] srcStrides,
      float[] dst,
      int dstOffset,
      int[] dstStrides) {
    float[] out = dst.clone();
    int size = 1;
    for (int extent : shape) {
      size *= extent;
    }
    int[] index = new int[shape.length];
    for (int flat = 0; flat < size; flat++) {
      int s = srcOffset;
      int d = dstOffset;
      for (int k = 0; k < shape.length; k++) {
        s += index[k] * srcStrides[k];
        d += index[k] * dstStrides[k];
      }
      out[d] = src[s];
      for (int k = shape.length - 1; k >= 0 && ++index[k] == shape[k]; k--) {
        index[k] = 0;
      }
    }
    return out;
  }

  private static void checkCopy(
      int[] shape,
      int srcSize,
      int srcOffset,
      int[] srcStrides,
      int dstSize,
      int dstOffset,
      int[] dstStrides,
      String what) {
    float[] src = randoms(srcSize, srcSize, -1f, 1f);
    float[] dst = randoms(dstSize, 3, 5f, 6f);
    float[] want = naiveCopy(shape, src, srcOffset, srcStrides, dst, dstOffset, dstStrides);
    for (VectorBackend backend : both()) {
      Storage s = put(backend, src);
      Storage d = put(backend, dst);
      backend.copy(shape, s, srcOffset, srcStrides, d, dstOffset, dstStrides);
      assertSame(get(backend, d), want, backend.device() + " copy " + what);
      backend.release(s);
      backend.release(d);
    }
  }

  @Test
  void copyHandlesTransposeSliceBroadcastAndPermute() {
    checkCopy(new int[] {1021}, 1021, 0, new int[] {1}, 1021, 0, new int[] {1}, "contiguous");
    checkCopy(
        new int[] {100_003},
        100_010,
        7,
        new int[] {1},
        100_003,
        0,
        new int[] {1},
        "threaded contiguous with offset");
    checkCopy(
        new int[] {33, 17},
        33 * 17,
        0,
        new int[] {1, 33},
        33 * 17,
        0,
        new int[] {17, 1},
        "transpose");
    checkCopy(
        new int[] {5, 7}, 12 * 9, 2 * 9 + 1, new int[] {9, 1}, 35, 0, new int[] {7, 1}, "slice");
    checkCopy(
        new int[] {6, 33}, 33, 0, new int[] {0, 1}, 6 * 33, 0, new int[] {33, 1}, "broadcast rows");
    checkCopy(
        new int[] {6, 33},
        6,
        0,
        new int[] {1, 0},
        6 * 33,
        0,
        new int[] {33, 1},
        "broadcast columns");
    checkCopy(
        new int[] {2, 3, 4, 5},
        120,
        0,
        new int[] {60, 1, 15, 3},
        120,
        0,
        new int[] {60, 20, 5, 1},
        "permute");
    checkCopy(
        new int[] {4, 7},
        28,
        0,
        new int[] {7, 1},
        4 * 20,
        13,
        new int[] {20, 1},
        "concatenate into a wider row");
    checkCopy(
        new int[] {300, 200},
        200 * 300,
        0,
        new int[] {1, 300},
        300 * 200,
        0,
        new int[] {200, 1},
        "threaded transpose");
    checkCopy(new int[] {3, 0, 4}, 1, 0, new int[] {0, 0, 0}, 4, 0, new int[] {0, 4, 1}, "empty");
  }

  @Test
  void indexSelectGathersRowsWithRepeats() {
    int[][] shapes = {{1, 5, 1}, {3, 7, 33}, {2, 17, 1021}, {64, 50, 131}};
    for (int[] s : shapes) {
      int outer = s[0];
      int extent = s[1];
      int inner = s[2];
      float[] indices = {extent - 1, 0, 2 % extent, 2 % extent, 1 % extent, extent - 1};
      int count = indices.length;
      float[] src = randoms(outer * extent * inner, inner, -1f, 1f);
      float[] want = new float[outer * count * inner];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < count; i++) {
          for (int j = 0; j < inner; j++) {
            want[(o * count + i) * inner + j] = src[(o * extent + (int) indices[i]) * inner + j];
          }
        }
      }
      for (VectorBackend backend : both()) {
        Storage ss = put(backend, src);
        Storage si = put(backend, indices);
        Storage out = backend.allocate(want.length);
        backend.indexSelect(ss, outer, extent, inner, si, count, out);
        assertSame(get(backend, out), want, backend.device() + " indexSelect " + inner);
        backend.release(ss);
        backend.release(si);
        backend.release(out);
      }
    }
  }

  @Test
  void indexAddAccumulatesRepeatedIndicesWithoutClearing() {
    int[][] shapes = {{1, 5, 1}, {3, 7, 33}, {2, 17, 1021}, {64, 50, 131}};
    for (int[] s : shapes) {
      int outer = s[0];
      int extent = s[1];
      int inner = s[2];
      float[] indices = {extent - 1, 0, 2 % extent, 2 % extent, 1 % extent, extent - 1};
      int count = indices.length;
      float[] src = randoms(outer * count * inner, inner, -1f, 1f);
      float[] base = randoms(outer * extent * inner, 4, -1f, 1f);
      double[] want = new double[base.length];
      for (int i = 0; i < base.length; i++) {
        want[i] = base[i];
      }
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < count; i++) {
          for (int j = 0; j < inner; j++) {
            want[(o * extent + (int) indices[i]) * inner + j] += src[(o * count + i) * inner + j];
          }
        }
      }
      for (VectorBackend backend : both()) {
        Storage ss = put(backend, src);
        Storage si = put(backend, indices);
        Storage out = put(backend, base);
        backend.indexAdd(ss, outer, count, inner, si, out, extent);
        // at most three float additions per element: a few ulps of the magnitude (< 4)
        assertClose(get(backend, out), want, 0, 1e-6, backend.device() + " indexAdd " + inner);
        backend.release(ss);
        backend.release(si);
        backend.release(out);
      }
    }
  }
}
