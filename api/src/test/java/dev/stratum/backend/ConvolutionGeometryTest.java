package dev.stratum.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Output sizes and average-pooling divisors of {@link ConvolutionGeometry} against hand-worked
 * values of PyTorch's formulas ({@code torch.nn.MaxPool2d}/{@code AvgPool2d} documentation and
 * {@code pooling_output_shape} in ATen), and its messages.
 */
class ConvolutionGeometryTest {

  @Test
  void dilationAndEndPaddingEnterTheOutputSize() {
    // (9 + 1 + 1 - 2·(3 - 1) - 1)/2 + 1 = 6/2 + 1 = 4 rows; (10 + 0 + 3 - 3·(2 - 1) - 1)/1 + 1 = 10
    ConvolutionGeometry g =
        new ConvolutionGeometry(1, 1, 9, 10, 3, 2, 2, 1, 1, 0)
            .withEndPadding(1, 3)
            .withDilation(2, 3);
    assertThat(g.outHeight()).isEqualTo(4);
    assertThat(g.outWidth()).isEqualTo(10);
    assertThat(g.isPlain()).isFalse();
  }

  @Test
  void ceilModeRoundsUpButDropsAWindowStartingPastTheInput() {
    // 8 rows, kernel 3, stride 2: floor(5/2) + 1 = 3, ceil(5/2) + 1 = 4 (the last starts at row 6)
    ConvolutionGeometry floor = ConvolutionGeometry.square(1, 1, 8, 8, 3, 2, 0);
    assertThat(floor.outHeight()).isEqualTo(3);
    assertThat(floor.withCeilMode(true).outHeight()).isEqualTo(4);
    // 5 rows, kernel 2, stride 2, padding 1: ceil(5/2) + 1 = 4, but window 3 would start at
    // 3·2 - 1 = 5, past the input, so 3 remain (PyTorch's rule)
    assertThat(ConvolutionGeometry.square(1, 1, 5, 5, 2, 2, 1).withCeilMode(true).outHeight())
        .isEqualTo(3);
  }

  @Test
  void theAverageDivisorCountsTheTapsInsideThePaddedInput() {
    // 6 rows, kernel 3, stride 2, padding 1, ceil: 4 windows; the last covers rows 5, 6, 7 of
    // which row 7 lies beyond the bottom padding (row 6): divisor 2 rows × 3 columns
    ConvolutionGeometry g = ConvolutionGeometry.square(1, 1, 6, 6, 3, 2, 1).withCeilMode(true);
    assertThat(g.outHeight()).isEqualTo(4);
    assertThat(g.windowArea(0, 0)).isEqualTo(9);
    assertThat(g.windowArea(3, 0)).isEqualTo(6);
    assertThat(g.windowArea(3, 3)).isEqualTo(4);
    // 6 rows, kernel 2, dilation 4, stride 3, ceil: span 6 - 4 - 1 = 1, ceil(1/3) + 1 = 2 windows;
    // window 0 taps rows 0 and 4, window 1 rows 3 and 7, and row 7 lies past the input
    ConvolutionGeometry dilated =
        new ConvolutionGeometry(1, 1, 6, 4, 2, 1, 3, 1, 0, 0).withDilation(4, 1).withCeilMode(true);
    assertThat(dilated.outHeight()).isEqualTo(2);
    assertThat(dilated.windowArea(0, 0)).isEqualTo(2);
    assertThat(dilated.windowArea(1, 0)).isEqualTo(1);
  }

  @Test
  void badGeometriesNameTheirValues() {
    assertThatThrownBy(() -> ConvolutionGeometry.square(1, 1, 5, 5, 3, 1, 0).withDilation(0, 1))
        .hasMessage("convolution geometry: dilation 0x1 must be at least 1x1");
    assertThatThrownBy(() -> ConvolutionGeometry.square(1, 1, 5, 5, 3, 1, 0).withDilation(3, 1))
        .hasMessage(
            "convolution geometry: kernel 3x3 with dilation 3x1 (spanning 7x3) does not fit the"
                + " padded input 5x5 (input 5x5, padding 0x0)");
    assertThatThrownBy(() -> ConvolutionGeometry.square(1, 1, 5, 5, 3, 1, 1).withEndPadding(-1, 0))
        .hasMessage(
            "convolution geometry: padding (top, bottom, left, right) (1, -1, 1, 0) must not be"
                + " negative");
  }
}
