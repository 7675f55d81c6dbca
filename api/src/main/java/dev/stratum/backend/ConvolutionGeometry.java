package dev.stratum.backend;

/**
 * A sliding window over an NCHW input, shared by convolution (im2col/col2im) and pooling. The
 * output size along each axis is {@code floor((in + 2 * pad - kernel) / stride) + 1}, the formula
 * of the seed notes. Construction validates everything, so kernels may trust it.
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
    int padWidth) {

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
    if (padHeight < 0 || padWidth < 0) {
      throw new IllegalArgumentException(
          "convolution geometry: padding " + padHeight + "x" + padWidth + " must not be negative");
    }
    if (height + 2 * padHeight < kernelHeight || width + 2 * padWidth < kernelWidth) {
      throw new IllegalArgumentException(
          "convolution geometry: kernel "
              + kernelHeight
              + "x"
              + kernelWidth
              + " does not fit the padded input "
              + (height + 2 * padHeight)
              + "x"
              + (width + 2 * padWidth)
              + " (input "
              + height
              + "x"
              + width
              + ", padding "
              + padHeight
              + "x"
              + padWidth
              + ")");
    }
  }

  /** Square kernel, stride and padding. */
  public static ConvolutionGeometry square(
      int batch, int channels, int height, int width, int kernel, int stride, int pad) {
    return new ConvolutionGeometry(
        batch, channels, height, width, kernel, kernel, stride, stride, pad, pad);
  }

  public int outHeight() {
    return (height + 2 * padHeight - kernelHeight) / strideHeight + 1;
  }

  public int outWidth() {
    return (width + 2 * padWidth - kernelWidth) / strideWidth + 1;
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
