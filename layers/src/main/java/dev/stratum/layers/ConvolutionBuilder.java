package dev.stratum.layers;

import java.util.Objects;

/**
 * The options that {@link Conv2d.Builder} and {@link ConvTranspose2d.Builder} share: the channels
 * and kernel they are made with, and stride, dilation, groups and the layer options, each set per
 * axis or for both at once; every option left unset is PyTorch's default. Each builder adds its own
 * padding options (a convolution's may be {@link Padding2d#SAME}; a transposed convolution has an
 * output padding).
 *
 * @param <B> the builder's own type, which every setter returns
 */
public abstract sealed class ConvolutionBuilder<B extends ConvolutionBuilder<B>>
    permits Conv2d.Builder, ConvTranspose2d.Builder {

  final int inChannels;
  final int outChannels;
  final Size2d kernel;
  Size2d stride = Size2d.of(1);
  Size2d dilation = Size2d.of(1);
  int groups = 1;
  LayerOptions options = LayerOptions.defaults();

  ConvolutionBuilder(int inChannels, int outChannels, Size2d kernel) {
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
  }

  /** This builder, as its own type. */
  abstract B self();

  /** The same stride along both axes. */
  public B stride(int stride) {
    return stride(stride, stride);
  }

  public B stride(int height, int width) {
    this.stride = Size2d.of(height, width);
    return self();
  }

  /** The same dilation along both axes (1: adjacent taps). */
  public B dilation(int dilation) {
    return dilation(dilation, dilation);
  }

  public B dilation(int height, int width) {
    this.dilation = Size2d.of(height, width);
    return self();
  }

  /** The number of channel groups (1: every filter sees every channel). */
  public B groups(int groups) {
    this.groups = groups;
    return self();
  }

  /** The backend, generator, bias and initializers. */
  public B options(LayerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return self();
  }
}
