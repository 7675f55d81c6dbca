package dev.stratum.layers;

/** Batch normalisation of NCHW images (statistics over N, H and W). See {@link BatchNorm}. */
public final class BatchNorm2d extends BatchNorm {

  /** The registry entry, {@code "batch_norm2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "batch_norm2d",
          Config.class,
          (c, backend) -> new BatchNorm2d(c, LayerOptions.defaults().on(backend)));

  /** PyTorch's defaults: momentum 0.1, eps 1e-5, affine. */
  public BatchNorm2d(int features) {
    this(features, 0.1, 1e-5, true, LayerOptions.defaults());
  }

  /** Every argument; {@code options} gives the backend. */
  public BatchNorm2d(
      int features, double momentum, double eps, boolean affine, LayerOptions options) {
    this(new Config(features, momentum, eps, affine), options);
  }

  private BatchNorm2d(Config config, LayerOptions options) {
    super(TYPE, config, options);
  }

  @Override
  boolean acceptsRank(int rank) {
    return rank == 4;
  }

  @Override
  String expectedInput() {
    return "[N, C, H, W]";
  }
}
