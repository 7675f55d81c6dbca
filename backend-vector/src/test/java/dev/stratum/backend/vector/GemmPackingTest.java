package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The panel layouts of {@link GemmPacking} element by element against their definition: panel
 * {@code q} of B from {@code q·NR·kc}, element {@code (p, j)} at {@code p·NR + j}, columns past the
 * block zero; panel of A likewise with {@code mr} rows. Blocks start inside the stored matrix (row
 * and column offsets, a base offset into the array) and have k-extents below, at and past multiples
 * of 16, so on a 16-lane machine both the 16 × 16 in-register transpose of B stored {@code [n, k]}
 * and its scalar remainder run, and widths that end in a partial panel.
 */
class GemmPackingTest {

  /** Distinct, exactly representable values: element {@code i} of the stored array is {@code i}. */
  private static float[] numbered(int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = i;
    }
    return values;
  }

  @ParameterizedTest(name = "B [{0}, {1}] transposed={2}: rows {3}+{4}, columns {5}+{6}")
  @CsvSource({
    // stored rows, stored row length, transposed, p0, kc, j0, nc
    "70, 300, true, 0, 300, 0, 70",
    "70, 300, true, 5, 37, 3, 64",
    "96, 48, true, 0, 16, 0, 96",
    "96, 48, true, 16, 32, 32, 64",
    "40, 20, true, 1, 15, 0, 40",
    "300, 70, false, 7, 100, 2, 61",
    "16, 96, false, 0, 16, 0, 96"
  })
  void panelsOfBHoldOpBInTheirLayout(
      int rows, int rowLength, boolean transB, int p0, int kc, int j0, int nc) {
    int base = 11;
    float[] b = numbered(base + rows * rowLength);
    int nr = GemmKernels.NR;
    int panels = (nc + nr - 1) / nr;
    float[] dst = new float[panels * nr * kc + 3];
    Arrays.fill(dst, Float.NaN);
    GemmPacking.packB(b, base, rowLength, transB, p0, kc, j0, nc, dst, 3);
    for (int q = 0; q < panels; q++) {
      for (int p = 0; p < kc; p++) {
        for (int j = 0; j < nr; j++) {
          int col = q * nr + j;
          float expected;
          if (col >= nc) {
            expected = 0f;
          } else if (transB) {
            expected = b[base + (j0 + col) * rowLength + p0 + p];
          } else {
            expected = b[base + (p0 + p) * rowLength + j0 + col];
          }
          int at = 3 + q * nr * kc + p * nr + j;
          assertThat(dst[at]).as("panel %d, k-step %d, column %d", q, p, j).isEqualTo(expected);
        }
      }
    }
  }

  @ParameterizedTest(name = "A [{0}, {1}] transposed={2}, mr={3}: rows {4}+{5}, columns {6}+{7}")
  @CsvSource({
    // stored rows, stored row length, transposed, mr, i0, mc, p0, kc
    "30, 50, false, 4, 2, 26, 3, 40",
    "30, 50, false, 6, 0, 30, 0, 50",
    "50, 30, true, 4, 1, 27, 5, 44",
    "50, 30, true, 6, 0, 30, 0, 50"
  })
  void panelsOfAHoldOpAInTheirLayout(
      int rows, int rowLength, boolean transA, int mr, int i0, int mc, int p0, int kc) {
    int base = 5;
    float[] a = numbered(base + rows * rowLength);
    int panels = (mc + mr - 1) / mr;
    float[] dst = new float[panels * mr * kc];
    Arrays.fill(dst, Float.NaN);
    GemmPacking.packA(a, base, rowLength, transA, i0, mc, p0, kc, mr, dst, 0);
    for (int q = 0; q < panels; q++) {
      for (int p = 0; p < kc; p++) {
        for (int i = 0; i < mr; i++) {
          int row = q * mr + i;
          float expected;
          if (row >= mc) {
            expected = 0f;
          } else if (transA) {
            expected = a[base + (p0 + p) * rowLength + i0 + row];
          } else {
            expected = a[base + (i0 + row) * rowLength + p0 + p];
          }
          assertThat(dst[q * mr * kc + p * mr + i])
              .as("panel %d, k-step %d, row %d", q, p, i)
              .isEqualTo(expected);
        }
      }
    }
  }
}
