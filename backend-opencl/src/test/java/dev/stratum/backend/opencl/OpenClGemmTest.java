package dev.stratum.backend.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.BackendOptions;
import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The register-blocked GEMM path, which the kit's small products do not reach: forced for every
 * size (gemmSmallLimit 0) in both packed layouts, and the small path forced likewise, on edges
 * around the 8x8 tile, all four transposes, batches with gaps and broadcast operands, against a
 * double-precision product.
 */
@RequiresOpenCl
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClGemmTest {

  private OpenClBackend panels;
  private OpenClBackend rows;
  private OpenClBackend small;

  @BeforeAll
  void open() {
    OpenClBackendProvider provider = new OpenClBackendProvider();
    panels =
        (OpenClBackend)
            provider.create(
                new BackendOptions(Map.of("gemmSmallLimit", "0", "gemmLayout", "panels")));
    rows =
        (OpenClBackend)
            provider.create(
                new BackendOptions(
                    Map.of("gemmSmallLimit", "0", "gemmLayout", "rows", "gemmLocal", "4x2")));
    small =
        (OpenClBackend)
            provider.create(BackendOptions.of("gemmSmallLimit", "" + Integer.MAX_VALUE));
  }

  @AfterAll
  void close() {
    panels.close();
    rows.close();
    small.close();
  }

  static List<MatmulSpec> specs() {
    List<MatmulSpec> specs = new ArrayList<>();
    int[][] sizes = {{1, 1, 1}, {8, 8, 8}, {9, 7, 5}, {16, 24, 3}, {17, 33, 19}, {64, 65, 63}};
    for (int[] s : sizes) {
      for (int t = 0; t < 4; t++) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        specs.add(new MatmulSpec(1, m, n, k, (t & 1) != 0, (t & 2) != 0, m * k, k * n));
      }
    }
    specs.add(new MatmulSpec(3, 17, 9, 11, false, false, 17 * 11 + 4, 0));
    specs.add(new MatmulSpec(3, 16, 16, 5, true, true, 0, 16 * 5 + 1));
    specs.add(new MatmulSpec(2, 40, 8, 3, true, false, 120, 24));
    return specs;
  }

  @ParameterizedTest
  @MethodSource("specs")
  void blockedAndSmallPathsMatchTheDoubleProduct(MatmulSpec s) {
    for (OpenClBackend backend : List.of(panels, rows, small)) {
      int aSize = (s.batch() - 1) * s.aBatchStride() + s.m() * s.k();
      int bSize = (s.batch() - 1) * s.bBatchStride() + s.k() * s.n();
      int cSize = s.batch() * s.m() * s.n();
      Random random = new Random(aSize * 31L + bSize);
      float[] a = new float[aSize];
      float[] b = new float[bSize];
      for (int i = 0; i < aSize; i++) {
        a[i] = random.nextFloat() * 4 - 2;
      }
      for (int i = 0; i < bSize; i++) {
        b[i] = random.nextFloat() * 4 - 2;
      }
      Storage as = backend.allocate(aSize);
      Storage bs = backend.allocate(bSize);
      Storage cs = backend.allocate(cSize + 1);
      try {
        backend.upload(a, 0, as, 0, aSize);
        backend.upload(b, 0, bs, 0, bSize);
        backend.fill(cs, 0, cSize + 1, Float.NaN);
        backend.matmul(s, as, bs, cs);
        float[] c = new float[cSize + 1];
        backend.download(cs, 0, c, 0, cSize + 1);
        assertThat(c[cSize]).as("element past C").isNaN();
        for (int batch = 0; batch < s.batch(); batch++) {
          for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
              double expected = 0;
              for (int p = 0; p < s.k(); p++) {
                int ai = batch * s.aBatchStride() + (s.transA() ? p * s.m() + i : i * s.k() + p);
                int bi = batch * s.bBatchStride() + (s.transB() ? j * s.k() + p : p * s.n() + j);
                expected += (double) a[ai] * b[bi];
              }
              float actual = c[(batch * s.m() + i) * s.n() + j];
              assertThat((double) actual)
                  .as("%s C[%d][%d][%d]", s, batch, i, j)
                  .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * s.k() + 1e-6));
            }
          }
        }
      } finally {
        backend.release(cs);
        backend.release(bs);
        backend.release(as);
      }
    }
  }
}
