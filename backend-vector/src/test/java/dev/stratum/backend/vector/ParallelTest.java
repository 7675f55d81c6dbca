package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.support.StridedSpace;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void largeInputsTakeTheThreadedPath() {
    try (Parallel parallel = new Parallel(3)) {
      assertThat(parallel.chunksFor(3 * Simd.GRAIN + 3, Simd.GRAIN)).isEqualTo(3);
      assertThat(parallel.chunksFor(Simd.GRAIN - 1, Simd.GRAIN)).isEqualTo(1);
      assertThat(parallel.chunksFor(1021, Simd.GRAIN)).isEqualTo(1);
    }
  }

  @Test
  void rowsSplitOverThreadsVisitEveryElementOnce() {
    // 64 rows of 9, each row walked with stride 2 from a base of 5: offsets 5 + 64 * r + 2 * i
    StridedSpace rows = StridedSpace.of(new int[] {64, 9}, new int[] {64, 2});
    // one row of 1021 elements: split into pieces of elements, not rows
    StridedSpace row = StridedSpace.of(new int[] {1021}, new int[] {3});
    try (Parallel parallel = new Parallel(3)) {
      for (StridedSpace space : new StridedSpace[] {rows, row}) {
        Set<Integer> offsets = ConcurrentHashMap.newKeySet();
        AtomicLong calls = new AtomicLong();
        parallel.forEachRow(
            space,
            16,
            new int[] {5},
            (o0, o1, o2, o3, n) -> {
              calls.incrementAndGet();
              for (int i = 0; i < n; i++) {
                assertThat(offsets.add(o0 + i * space.innerStride(0))).isTrue();
              }
            });
        assertThat(offsets).hasSize((int) space.size()).contains(5);
        assertThat(calls.get()).as("calls for %s", space).isGreaterThan(1);
      }
    }
  }
}
