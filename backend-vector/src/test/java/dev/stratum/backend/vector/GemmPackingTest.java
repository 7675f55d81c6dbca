package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

  /**
   * Cases of {@link #packBMismatch}: stored rows, stored row length, transposed, p0, kc, j0, nc.
   */
  static final String[] B_CASES = {
    "70, 300, true, 0, 300, 0, 70",
    "70, 300, true, 5, 37, 3, 64",
    "96, 48, true, 0, 16, 0, 96",
    "96, 48, true, 16, 32, 32, 64",
    "40, 20, true, 1, 15, 0, 40",
    "300, 70, false, 7, 100, 2, 61",
    "16, 96, false, 0, 16, 0, 96"
  };

  static Stream<String> bCases() {
    return Stream.of(B_CASES);
  }

  @ParameterizedTest(name = "B case {0}")
  @MethodSource("bCases")
  void panelsOfBHoldOpBInTheirLayout(String bCase) {
    assertThat(packBMismatch(bCase)).isEmpty();
  }

  /**
   * The panels of one B case from {@link #B_CASES} against the layout's definition: the first
   * element that differs, described, or empty.
   */
  static Optional<String> packBMismatch(String bCase) {
    int[] c =
        Stream.of(bCase.split(",")).map(String::trim).mapToInt(GemmPackingTest::parse).toArray();
    int rows = c[0];
    int rowLength = c[1];
    boolean transB = c[2] == 1;
    int p0 = c[3];
    int kc = c[4];
    int j0 = c[5];
    int nc = c[6];
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
          float actual = dst[3 + q * nr * kc + p * nr + j];
          if (Float.compare(actual, expected) != 0) {
            return Optional.of(
                String.format(
                    "B case %s, %d lanes: panel %d, k-step %d, column %d holds %s, expected %s",
                    bCase, GemmKernels.LANES, q, p, j, actual, expected));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static int parse(String field) {
    return switch (field) {
      case "true" -> 1;
      case "false" -> 0;
      default -> Integer.parseInt(field);
    };
  }

  /**
   * The lane counts this machine does not use by default (8 and 4 lanes where it has 16, 4 where it
   * has 8), in child JVMs whose vectors are capped with {@code -XX:MaxVectorSize}: the in-register
   * transpose for 8 lanes and the scalar copy for 4 are checked on every machine, not only on the
   * one whose preferred width selects them.
   */
  @Test
  void panelsOfBHoldTheirLayoutWithNarrowerVectors() throws Exception {
    for (int bytes = GemmKernels.LANES * 2; bytes >= 16; bytes /= 2) {
      String output =
          ChildJvm.run(
              GemmPackingChild.class,
              "-XX:MaxVectorSize=" + bytes,
              "--add-modules",
              "jdk.incubator.vector");
      assertThat(output)
          .as("child with %d-byte vectors", bytes)
          .contains("lanes=" + bytes / 4 + "\n")
          .contains("mismatches=0");
    }
  }

  @ParameterizedTest(name = "A [{0}, {1}] transposed={2}, mr={3}: rows {4}+{5}, columns {6}+{7}")
  @CsvSource({
    // stored rows, stored row length, transposed, mr, i0, mc, p0, kc
    "30, 50, false, 4, 2, 26, 3, 40",
    // on 16 lanes full 4-row panels of a stored [m, k] take 16 k-steps at a time in vectors
    "20, 70, false, 4, 0, 20, 5, 64",
    "20, 70, false, 4, 4, 12, 0, 15",
    "9, 33, false, 4, 1, 8, 1, 32",
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
