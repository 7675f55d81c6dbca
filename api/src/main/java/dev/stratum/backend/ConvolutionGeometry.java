package dev.stratum.backend;

/**
 * A sliding window over an NCHW input, shared by convolution (im2col/col2im) and pooling.
 *
 * <p>Window {@code (oh, ow)} taps input rows {@code oh·strideHeight - padHeight + i·dilationHeight}
 * for {@code i < kernelHeight} (columns likewise); taps outside the input read zero (im2col) or are
 * skipped (pooling). {@code padHeight} and {@code padWidth} are the padding before the input (top,
 * left), {@code padBottom} and {@code padRight} the padding after it, so padding may be asymmetric
 * (PyTorch's {@code padding='same'} with an even kernel puts the odd row at the bottom). The output
 * size along each axis is {@code floor(span / stride) + 1} with {@code span = in + before + after -
 * dilation·(kernel - 1) - 1}; with {@code ceilMode} it is {@code ceil(span / stride) + 1}, less one
 * if the last window would start past the input and its top/left padding (PyTorch's pooling rule),
 * so a last window may run past the end padding. Construction validates everything, so kernels may
 * trust it.
 *
 * <p>Average pooling divides each window's sum by the number of its taps that lie inside the padded
 * input {@code [-padHeight, height + padBottom) × [-padWidth, width + padRight)}: the whole window
 * area unless {@code ceilMode} lets a window run past the end padding (PyTorch's {@code
 * count_include_pad=True} divisor).
 */
public record ConvolutionGeometry(
    int batch,
    int channels,
    int height,
    int width,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    int padHeight,
    int padWidth,
    int padBottom,
    int padRight,
    int dilationHeight,
    int dilationWidth,
    boolean ceilMode) {

  public ConvolutionGeometry {
    if (batch < 0 || channels < 0 || height < 0 || width < 0) {
      throw new IllegalArgumentException(
          "convolution geometry: input sizes must not be negative: ["
              + batch
              + ", "
              + channels
              + ", "
              + height
              + ", "
              + width
              + "]");
    }
    if (kernelHeight < 1 || kernelWidth < 1) {
      throw new IllegalArgumentException(
          "convolution geometry: kernel "
              + kernelHeight
              + "x"
              + kernelWidth
              + " must be at least 1x1");
    }
    if (strideHeight < 1 || strideWidth < 1) {
      throw new IllegalArgumentException(
          "convolution geometry: stride "
              + strideHeight
              + "x"
              + strideWidth
              + " must be at least 1x1");
    }
    if (dilationHeight < 1 || dilationWidth < 1) {
      throw new IllegalArgumentException(
          "convolution geometry: dilation "
              + dilationHeight
              + "x"
              + dilationWidth
              + " must be at least 1x1");
    }
    if (padHeight < 0 || padWidth < 0 || padBottom < 0 || padRight < 0) {
      throw new IllegalArgumentException(
          "convolution geometry: padding (top, bottom, left, right) ("
              + padHeight
              + ", "
              + padBottom
              + ", "
              + padWidth
              + ", "
              + padRight
              + ") must not be negative");
    }
    long spanH = (long) dilationHeight * (kernelHeight - 1) + 1;
    long spanW = (long) dilationWidth * (kernelWidth - 1) + 1;
    if ((long) height + padHeight + padBottom < spanH
        || (long) width + padWidth + padRight < spanW) {
      throw new IllegalArgumentException(
          "convolution geometry: kernel "
              + kernelHeight
              + "x"
              + kernelWidth
              + (dilationHeight == 1 && dilationWidth == 1
                  ? ""
                  : " with dilation "
                      + dilationHeight
                      + "x"
                      + dilationWidth
                      + " (spanning "
                      + spanH
                      + "x"
                      + spanW
                      + ")")
              + " does not fit the padded input "
              + ((long) height + padHeight + padBottom)
              + "x"
              + ((long) width + padWidth + padRight)
              + " (input "
              + height
              + "x"
              + width
              + ", padding "
              + (padHeight == padBottom && padWidth == padRight
                  ? padHeight + "x" + padWidth
                  : "(top, bottom, left, right) ("
                      + padHeight
                      + ", "
                      + padBottom
                      + ", "
                      + padWidth
                      + ", "
                      + padRight
                      + ")")
              + ")");
    }
  }

  /** Symmetric padding, no dilation, floored output sides. */
  public ConvolutionGeometry(
      int batch,
      int channels,
      int height,
      int width,
      int kernelHeight,
      int kernelWidth,
      int strideHeight,
      int strideWidth,
      int padHeight,
      int padWidth) {
    this(
        batch,
        channels,
        height,
        width,
        kernelHeight,
        kernelWidth,
        strideHeight,
        strideWidth,
        padHeight,
        padWidth,
        padHeight,
        padWidth,
        1,
        1,
        false);
  }

  /** Square kernel, stride and padding. */
  public static ConvolutionGeometry square(
      int batch, int channels, int height, int width, int kernel, int stride, int pad) {
    return new ConvolutionGeometry(
        batch, channels, height, width, kernel, kernel, stride, stride, pad, pad);
  }

  /** This geometry with the padding after the input (bottom, right) set apart from before it. */
  public ConvolutionGeometry withEndPadding(int bottom, int right) {
    return new ConvolutionGeometry(
        batch,
        channels,
        height,
        width,
        kernelHeight,
        kernelWidth,
        strideHeight,
        strideWidth,
        padHeight,
        padWidth,
        bottom,
        right,
        dilationHeight,
        dilationWidth,
        ceilMode);
  }

  /** This geometry with its taps {@code dilation} apart. */
  public ConvolutionGeometry withDilation(int height, int width) {
    return new ConvolutionGeometry(
        batch,
        channels,
        this.height,
        this.width,
        kernelHeight,
        kernelWidth,
        strideHeight,
        strideWidth,
        padHeight,
        padWidth,
        padBottom,
        padRight,
        height,
        width,
        ceilMode);
  }

  /** This geometry with output sides rounded up (PyTorch's pooling {@code ceil_mode}). */
  public ConvolutionGeometry withCeilMode(boolean ceil) {
    return new ConvolutionGeometry(
        batch,
        channels,
        height,
        width,
        kernelHeight,
        kernelWidth,
        strideHeight,
        strideWidth,
        padHeight,
        padWidth,
        padBottom,
        padRight,
        dilationHeight,
        dilationWidth,
        ceil);
  }

  public int outHeight() {
    return outSize(height, padHeight, padBottom, kernelHeight, strideHeight, dilationHeight);
  }

  public int outWidth() {
    return outSize(width, padWidth, padRight, kernelWidth, strideWidth, dilationWidth);
  }

  private int outSize(int in, int before, int after, int kernel, int stride, int dilation) {
    int span = in + before + after - dilation * (kernel - 1) - 1;
    if (!ceilMode) {
      return span / stride + 1;
    }
    int out = Math.ceilDiv(span, stride) + 1;
    // the last window must start inside the input or its leading padding
    return (out - 1) * stride >= in + before ? out - 1 : out;
  }

  /** Whether there is no padding and no dilation and every window lies wholly inside the input. */
  public boolean isPlain() {
    return padHeight == 0
        && padWidth == 0
        && padBottom == 0
        && padRight == 0
        && dilationHeight == 1
        && dilationWidth == 1
        && (outHeight() - 1) * strideHeight + kernelHeight <= height
        && (outWidth() - 1) * strideWidth + kernelWidth <= width;
  }

  /**
   * Taps of window {@code (oh, ow)} inside the padded input: average pooling's divisor (see the
   * class comment).
   */
  public int windowArea(int oh, int ow) {
    return tapsInside(
            oh * strideHeight - padHeight, height + padBottom, kernelHeight, dilationHeight)
        * tapsInside(ow * strideWidth - padWidth, width + padRight, kernelWidth, dilationWidth);
  }

  /** Taps {@code start + i·dilation}, {@code i < kernel}, below {@code end}. */
  private static int tapsInside(int start, int end, int kernel, int dilation) {
    return Math.min(kernel, Math.max(0, Math.ceilDiv(end - start, dilation)));
  }

  /** Elements of the input, {@code batch * channels * height * width}. */
  public int inputSize() {
    return Math.multiplyExact(
        Math.multiplyExact(batch, channels), Math.multiplyExact(height, width));
  }

  /** Elements of a pooled output, {@code batch * channels * outHeight * outWidth}. */
  public int pooledSize() {
    return Math.multiplyExact(
        Math.multiplyExact(batch, channels), Math.multiplyExact(outHeight(), outWidth()));
  }

  /** Rows of one image's column matrix, {@code channels * kernelHeight * kernelWidth}. */
  public int columnRows() {
    return Math.multiplyExact(channels, kernelHeight * kernelWidth);
  }

  /** Columns of one image's column matrix, {@code outHeight * outWidth}. */
  public int columnCols() {
    return Math.multiplyExact(outHeight(), outWidth());
  }

  /** Elements of the whole column buffer, {@code batch * columnRows * columnCols}. */
  public int columnsSize() {
    return Math.multiplyExact(batch, Math.multiplyExact(columnRows(), columnCols()));
  }
}
