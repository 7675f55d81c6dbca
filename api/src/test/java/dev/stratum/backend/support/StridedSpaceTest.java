package dev.stratum.backend.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StridedSpaceTest {

  @Test
  void contiguousOperandsCollapseToOneRow() {
    StridedSpace space =
        StridedSpace.of(new int[] {4, 5, 6}, new int[] {30, 6, 1}, new int[] {30, 6, 1});
    assertThat(space.rank()).isEqualTo(1);
    assertThat(space.inner()).isEqualTo(120);
    assertThat(space.rows()).isEqualTo(1);
    assertThat(space.contiguous(0)).isTrue();
    assertThat(space.contiguous(1)).isTrue();
  }

  @Test
  void broadcastRowKeepsTwoAxesAndScalarMergesEverything() {
    StridedSpace row =
        StridedSpace.of(new int[] {4, 5, 6}, new int[] {30, 6, 1}, new int[] {0, 0, 1});
    assertThat(row.rank()).isEqualTo(2);
    assertThat(row.inner()).isEqualTo(6);
    assertThat(row.rows()).isEqualTo(20);
    assertThat(row.innerStride(1)).isEqualTo(1);
    assertThat(row.stride(1, 0)).isZero();
    assertThat(row.contiguous(0)).isFalse();
    StridedSpace scalar =
        StridedSpace.of(new int[] {4, 5, 6}, new int[] {30, 6, 1}, new int[] {0, 0, 0});
    assertThat(scalar.rank()).isEqualTo(1);
    assertThat(scalar.innerStride(1)).isZero();
    assertThat(scalar.contiguous(0)).isTrue();
    assertThat(scalar.contiguous(1)).isFalse();
  }

  @Test
  void extentOneAxesVanishAndEmptyShapesHaveNoRows() {
    StridedSpace space = StridedSpace.of(new int[] {1, 7, 1}, new int[] {99, 3, 42});
    assertThat(space.rank()).isEqualTo(1);
    assertThat(space.inner()).isEqualTo(7);
    assertThat(space.innerStride(0)).isEqualTo(3);
    StridedSpace empty = StridedSpace.of(new int[] {3, 0}, new int[] {0, 1});
    assertThat(empty.size()).isZero();
    assertThat(empty.rows()).isZero();
    assertThat(empty.units()).isZero();
    List<Integer> visited = new ArrayList<>();
    empty.forEachRow(new int[0], (o0, o1, o2, o3, n) -> visited.add(n));
    empty.forEachBlock(8, new int[1], (offsets, count, rank, shape, strides) -> visited.add(count));
    assertThat(visited).isEmpty();
    StridedSpace single = StridedSpace.of(new int[] {}, new int[] {});
    assertThat(single.size()).isEqualTo(1);
    assertThat(single.rank()).isEqualTo(1);
    assertThat(single.inner()).isEqualTo(1);
    assertThat(single.innerStride(0)).isZero();
    assertThat(single.contiguous(0)).isTrue();
  }

  @Test
  void axesWalkedContiguouslyByEveryOperandMerge() {
    // stride 15 = 3 * 5: the last two axes form one row of 20 with stride 3
    StridedSpace space = StridedSpace.of(new int[] {3, 4, 5}, new int[] {1, 15, 3});
    assertThat(space.inner()).isEqualTo(20);
    assertThat(space.innerStride(0)).isEqualTo(3);
    assertThat(space.rows()).isEqualTo(3);
    assertThat(space.units()).isEqualTo(3);
    assertThat(space.unitLength()).isEqualTo(20);
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
    StridedSpace space = StridedSpace.of(shape, strides);
    List<Integer> seen = new ArrayList<>();
    space.forEachRow(
        new int[] {7},
        (o0, o1, o2, o3, n) -> {
          assertThat(n).isEqualTo(5);
          assertThat(o1).as("offsets of operands that do not exist").isZero();
          seen.add(o0);
        });
    assertThat(seen).isEqualTo(want);
  }

  @Test
  void unitRangesStartMidwayThroughTheRows() {
    StridedSpace space = StridedSpace.of(new int[] {3, 4, 5}, new int[] {1, 17, 3});
    List<Integer> seen = new ArrayList<>();
    // rows 5 and 6 are (i, j) = (1, 1) and (1, 2): offsets 1 + 17 and 1 + 34
    space.forUnits(5, 7, new int[] {100}, (o0, o1, o2, o3, n) -> seen.add(o0));
    assertThat(seen).containsExactly(118, 135);
  }

  @Test
  void aSingleRowSplitsIntoPiecesOfElements() {
    StridedSpace space = StridedSpace.of(new int[] {10}, new int[] {1}, new int[] {2});
    assertThat(space.units()).isEqualTo(10);
    assertThat(space.unitLength()).isEqualTo(1);
    List<String> pieces = new ArrayList<>();
    space.forUnits(
        0, 4, new int[] {1, 3}, (o0, o1, o2, o3, n) -> pieces.add(o0 + "/" + o1 + "x" + n));
    space.forUnits(
        4, 10, new int[] {1, 3}, (o0, o1, o2, o3, n) -> pieces.add(o0 + "/" + o1 + "x" + n));
    space.forUnits(4, 4, new int[] {1, 3}, (o0, o1, o2, o3, n) -> pieces.add("empty"));
    assertThat(pieces).containsExactly("1/3x4", "5/11x6");
  }

  @Test
  void blocksCarryTheWholeSpaceWhenItFitsTheirRank() {
    // a transposed copy: shape [2, 3], source strides [1, 2], destination contiguous
    StridedSpace space = StridedSpace.of(new int[] {2, 3}, new int[] {1, 2}, new int[] {3, 1});
    List<String> blocks = new ArrayList<>();
    space.forEachBlock(
        8,
        new int[] {5, 9},
        (offsets, count, rank, shape, strides) ->
            blocks.add(
                Arrays.toString(offsets)
                    + " "
                    + count
                    + " "
                    + rank
                    + " "
                    + Arrays.toString(shape)
                    + " "
                    + Arrays.deepToString(strides)));
    assertThat(blocks).containsExactly("[5, 9] 6 2 [2, 3] [[1, 2], [3, 1]]");
  }

  @Test
  void aDeeperSpaceBecomesOneBlockPerIndexOfItsOuterAxes() {
    // four axes no operand walks contiguously, cut into blocks of the inner two
    int[] shape = {2, 2, 3, 2};
    int[] strides = {100, 10, 3, 1000};
    StridedSpace space = StridedSpace.of(shape, strides);
    assertThat(space.rank()).isEqualTo(4);
    List<String> blocks = new ArrayList<>();
    space.forEachBlock(
        2,
        new int[] {1},
        (offsets, count, rank, inner, innerStrides) -> {
          assertThat(count).isEqualTo(6);
          assertThat(rank).isEqualTo(2);
          assertThat(inner).containsExactly(3, 2);
          assertThat(innerStrides[0]).containsExactly(3, 1000);
          blocks.add(Integer.toString(offsets[0]));
        });
    assertThat(blocks).containsExactly("1", "11", "101", "111");
  }

  @Test
  void blocksAndRowsVisitTheSameElements() {
    int[] shape = {3, 1, 4, 2, 5};
    int[] a = {40, 7, 1, 20, 4};
    int[] b = {0, 0, 5, 0, 1};
    StridedSpace space = StridedSpace.of(shape, a, b);
    List<String> byRows = new ArrayList<>();
    space.forEachRow(
        new int[] {2, 3},
        (o0, o1, o2, o3, n) -> {
          for (int i = 0; i < n; i++) {
            byRows.add((o0 + i * space.innerStride(0)) + ":" + (o1 + i * space.innerStride(1)));
          }
        });
    List<String> byBlocks = new ArrayList<>();
    space.forEachBlock(
        1,
        new int[] {2, 3},
        (offsets, count, rank, inner, strides) -> {
          for (int i = 0; i < count; i++) {
            byBlocks.add((offsets[0] + i * strides[0][0]) + ":" + (offsets[1] + i * strides[1][0]));
          }
        });
    assertThat(byRows).hasSize(120).isEqualTo(byBlocks);
  }

  @Test
  void badArgumentsNameTheirValues() {
    assertThatThrownBy(() -> StridedSpace.of(new int[] {2, 3}, new int[] {3, 1}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operand 1 has 1 strides for the shape [2, 3] of rank 2");
    assertThatThrownBy(() -> StridedSpace.of(new int[] {2, -1}, new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape [2, -1] has a negative extent -1");
    int[] s = {1};
    assertThatThrownBy(() -> StridedSpace.of(new int[] {4}, s, s, s, s, s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a strided space has at most 4 operands, got 5");
    StridedSpace space = StridedSpace.of(new int[] {4}, s);
    assertThatThrownBy(() -> space.forEachBlock(0, new int[1], (o, c, r, sh, st) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("forEachBlock: maxRank must be at least 1, got 0");
  }
}
