package dev.stratum.conformance;

import dev.stratum.backend.Distribution;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases of {@code random}: each distribution, several (seed, stream) pairs including negative seeds
 * and streams past 2^32, counts 1, 7 and 1021, compared bit for bit with {@link
 * dev.stratum.random.Philox}. The SPI always starts at element 0, so the cases compare prefixes.
 */
final class RandomConformance {

  private static final long[][] SEEDS_AND_STREAMS = {
    {0, 0}, {42, 0}, {42, 1}, {-1, 0x1_0000_0003L}, {0xDEAD_BEEF_CAFEL, 7}
  };

  private RandomConformance() {}

  static List<ConformanceCase> cases(double normalTolerance) {
    List<ConformanceCase> cases = new ArrayList<>();
    for (long[] ss : SEEDS_AND_STREAMS) {
      for (int count : new int[] {1, 7, 1021}) {
        String where = " seed " + ss[0] + " stream " + ss[1] + " [" + count + "]";
        cases.add(
            random(Distribution.UNIFORM, 0, 1, ss, count, "random UNIFORM [0, 1)" + where, 0));
        cases.add(
            random(
                Distribution.NORMAL,
                0,
                1,
                ss,
                count,
                "random NORMAL (0, 1)" + where,
                normalTolerance));
        cases.add(
            random(Distribution.BERNOULLI, 0.5f, 0, ss, count, "random BERNOULLI 0.5" + where, 0));
      }
    }
    long[] ss = {7, 3};
    cases.add(random(Distribution.UNIFORM, -2, 3, ss, 1021, "random UNIFORM [-2, 3) [1021]", 0));
    cases.add(
        random(
            Distribution.NORMAL,
            1.5f,
            0.25f,
            ss,
            1021,
            "random NORMAL (1.5, 0.25) [1021]",
            normalTolerance));
    for (float p : new float[] {0, 0.3f, 1}) {
      cases.add(
          random(Distribution.BERNOULLI, p, 0, ss, 1021, "random BERNOULLI " + p + " [1021]", 0));
    }
    cases.add(random(Distribution.UNIFORM, 0, 1, ss, 0, "random UNIFORM count 0", 0));
    return cases;
  }

  private static ConformanceCase random(
      Distribution d, float p0, float p1, long[] ss, int count, String name, double tolerance) {
    return ConformanceCase.of(
        name,
        Kernel.RANDOM,
        d.name(),
        ws -> {
          Storage out = ws.output(count);
          ws.backend().random(d, p0, p1, ss[0], ss[1], out, count);
          float[] expected = ReferenceKernels.random(d, p0, p1, ss[0], ss[1], count);
          float[] actual = ws.read(out, count);
          if (tolerance == 0) {
            Expect.identical(name + " against Philox", actual, expected);
          } else {
            Expect.close(
                name + " against Philox",
                actual,
                expected,
                (i, e) -> tolerance * Math.max(1, Math.abs(e)));
          }
        });
  }
}
