package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StridedLayoutTest {

  @Test
  void contiguousOperandsCollapseToOneRow() {
    StridedLayout layout =
        StridedLayout.of(new int[] {4, 5, 6}, new int[] {30, 6, 1}, new int[] {30, 6, 1});
    assertThat(layout.rank()).isEqualTo(1);
    assertThat(layout.inner()).isEqualTo(120);
    assertThat(layout.rows()).isEqualTo(1);
  }

  @Test
  void broadcastRowKeepsTwoAxesAndScalarMergesEverything() {
    StridedLayout row =
        StridedLayout.of(new int[] {4, 5, 6}, new int[] {30, 6, 1}, new int[] {0, 0, 1});
    assertThat(row.rank()).isEqualTo(2);
    assertThat(row.inner()).isEqualTo(6);
    assertThat(row.rows()).isEqualTo(20);
    assertThat(row.innerStride(1)).isEqualTo(1);
    StridedLayout scalar =
        StridedLayout.of(new int[] {4, 5, 6}, new int[] {30, 6, 1}, new int[] {0, 0, 0});
    assertThat(scalar.rank()).isEqualTo(1);
    assertThat(scalar.innerStride(1)).isZero();
  }

  @Test
  void extentOneAxesVanishAndEmptyShapesHaveNoRows() {
    StridedLayout layout = StridedLayout.of(new int[] {1, 7, 1}, new int[] {99, 3, 42});
    assertThat(layout.rank()).isEqualTo(1);
    assertThat(layout.inner()).isEqualTo(7);
    assertThat(layout.innerStride(0)).isEqualTo(3);
    assertThat(StridedLayout.of(new int[] {3, 0}, new int[] {0, 1}).size()).isZero();
    assertThat(StridedLayout.of(new int[] {}, new int[] {}).size()).isEqualTo(1);
  }

  @Test
  void axesWalkedContiguouslyByEveryOperandMerge() {
    // stride 15 = 3 * 5: the last two axes form one row of 20 with stride 3
    StridedLayout layout = StridedLayout.of(new int[] {3, 4, 5}, new int[] {1, 15, 3});
    assertThat(layout.inner()).isEqualTo(20);
    assertThat(layout.innerStride(0)).isEqualTo(3);
    assertThat(layout.rows()).isEqualTo(3);
  }

  @Test
  void rowsVisitEveryOffsetOnceInOrder() {
    int[] shape = {3, 4, 5};
    int[] strides = {1, 17, 3};
    List<Integer> want = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        want.add(i + 17 * j + 7);
      }
    }
    StridedLayout layout = StridedLayout.of(shape, strides);
    try (Parallel serial = new Parallel(1)) {
      List<Integer> seen = new ArrayList<>();
      layout.forEachRow(
          serial,
          new int[] {7},
          (o0, o1, o2, o3, n) -> {
            assertThat(n).isEqualTo(5);
            seen.add(o0);
          });
      assertThat(seen).isEqualTo(want);
    }
  }

  @Test
  void largeInputsTakeTheThreadedPath() {
    try (Parallel parallel = new Parallel(3)) {
      assertThat(parallel.chunksFor(3 * Simd.GRAIN + 3, Simd.GRAIN)).isEqualTo(3);
      assertThat(parallel.chunksFor(Simd.GRAIN - 1, Simd.GRAIN)).isEqualTo(1);
      assertThat(parallel.chunksFor(1021, Simd.GRAIN)).isEqualTo(1);
    }
  }
}
