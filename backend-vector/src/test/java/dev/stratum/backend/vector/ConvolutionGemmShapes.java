package dev.stratum.backend.vector;

import dev.stratum.backend.MatmulSpec;
import java.util.Arrays;

/**
 * GFLOP/s of one thread's {@link VectorGemm} on the products the small CNN of workload 3 makes per
 * batch of 64 (a benchmark command, not a test): its second convolution's forward product (the
 * weight {@code [32, 144]} against each image's columns {@code [144, 196]}), the weight and column
 * gradients, the first convolution's, and for comparison the same forward product and weight
 * gradient as one GEMM over the whole batch ({@code N = 64·196}), which is what a batch-wide im2col
 * would give. Run from the repository root after {@code ./mvnw -q -pl backend-vector -am
 * test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-vector/target/classes:backend-vector/target/test-classes:api/target/classes \
 *     dev.stratum.backend.vector.ConvolutionGemmShapes
 * </pre>
 *
 * Prints the best of five 0.3-second rounds per product.
 */
public final class ConvolutionGemmShapes {

  private ConvolutionGemmShapes() {}

  public static void main(String[] args) {
    int b = 64;
    Object[][] cases = {
      {
        "conv1 forward, per image  16 x 784 x 9",
        new MatmulSpec(b, 16, 784, 9, false, false, 0, 9 * 784)
      },
      {
        "conv2 forward, per image  32 x 196 x 144",
        new MatmulSpec(b, 32, 196, 144, false, false, 0, 144 * 196)
      },
      {
        "conv2 weight grad, per image  32 x 144 x 196, B transposed",
        new MatmulSpec(b, 32, 144, 196, false, true, 32 * 196, 144 * 196)
      },
      {
        "conv2 column grad, per image  144 x 196 x 32, A transposed",
        new MatmulSpec(b, 144, 196, 32, true, false, 0, 32 * 196)
      },
      {
        "conv1 weight grad, per image  16 x 9 x 784, B transposed",
        new MatmulSpec(b, 16, 9, 784, false, true, 16 * 784, 9 * 784)
      },
      {"conv2 forward, whole batch  32 x 12544 x 144", MatmulSpec.of(32, 12544, 144)},
      {
        "conv2 weight grad, whole batch  32 x 144 x 12544, B transposed",
        new MatmulSpec(1, 32, 144, 12544, false, true, 0, 0)
      },
    };
    try (Parallel one = new Parallel(1)) {
      for (Object[] c : cases) {
        MatmulSpec s = (MatmulSpec) c[1];
        float[] a = new float[(s.batch() - 1) * s.aBatchStride() + s.m() * s.k()];
        float[] bb = new float[(s.batch() - 1) * s.bBatchStride() + s.k() * s.n()];
        Arrays.fill(a, 0.5f);
        Arrays.fill(bb, 0.25f);
        float[] cc = new float[s.batch() * s.m() * s.n()];
        double best = 0;
        for (int r = 0; r < 5; r++) {
          long start = System.nanoTime();
          int n = 0;
          do {
            VectorGemm.multiply(one, s, a, bb, cc);
            n++;
          } while (System.nanoTime() - start < 300_000_000L);
          best = Math.max(best, s.flops() * n / (System.nanoTime() - start));
        }
        System.out.printf("%-62s %5.1f GFLOP/s  %5.2f ms%n", c[0], best, s.flops() / best / 1e6);
      }
    }
  }
}
