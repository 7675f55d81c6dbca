package dev.stratum.backend.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtentsTest {

  @Test
  void rangesInsideTheLengthPassAndOthersNameTheirValues() {
    Extents.checkRange("upload source", 2, 3, 5);
    Extents.checkRange("fill", 5, 0, 5);
    assertThatThrownBy(() -> Extents.checkRange("upload source", 2, 4, 5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("upload source: offset 2 and count 4 exceed the length 5");
    assertThatThrownBy(() -> Extents.checkRange("fill", -1, 1, 5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("fill: offset -1 and count 1 exceed the length 5");
    assertThatThrownBy(() -> Extents.checkRange("fill", 0, -1, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    // offset + count overflows an int
    assertThatThrownBy(() -> Extents.checkRange("download", Integer.MAX_VALUE, 1, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aStorageTooSmallForTheKernelIsNamed() {
    Extents.checkCapacity("unary", 5, 5);
    assertThatThrownBy(() -> Extents.checkCapacity("unary", 4, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unary: a storage of 4 elements is too small, the kernel would touch 5");
  }

  @Test
  void elementsMultiplyAsLongsAndRefuseNegativeExtents() {
    assertThat(Extents.elements(new int[] {})).isEqualTo(1);
    assertThat(Extents.elements(new int[] {3, 0, 7})).isZero();
    assertThat(Extents.elements(new int[] {65_536, 65_536})).isEqualTo(1L << 32);
    assertThatThrownBy(() -> Extents.elements(new int[] {2, -3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative extent -3 in a shape");
  }

  @Test
  void stridedEndIsOnePastTheFarthestElement() {
    // [2, 3] from offset 4 with strides [3, 1]: the last element is 4 + 3 + 2 = 9
    assertThat(Extents.stridedEnd("copy", new int[] {2, 3}, 4, new int[] {3, 1})).isEqualTo(10);
    // a broadcast operand reads only its offset
    assertThat(Extents.stridedEnd("binary", new int[] {2, 3}, 6, new int[] {0, 0})).isEqualTo(7);
    // a negative stride walks back from the offset
    assertThat(Extents.stridedEnd("copy", new int[] {4}, 3, new int[] {-1})).isEqualTo(4);
    // an empty shape touches nothing and its strides are not looked at
    assertThat(Extents.stridedEnd("copy", new int[] {0, 5}, 0, new int[] {})).isZero();
  }

  @Test
  void stridedEndRefusesMismatchedOrUnderflowingStrides() {
    assertThatThrownBy(() -> Extents.stridedEnd("copy", new int[] {2, 3}, 0, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("copy: 1 strides for a shape of rank 2");
    assertThatThrownBy(() -> Extents.stridedEnd("copy", new int[] {4}, 2, new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("copy: strides reach below element 0");
  }
}
