package dev.stratum.layers;

/**
 * Batch normalisation of {@code [N, C]} or {@code [N, C, L]} inputs (statistics over N, and L). See
 * {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {

  /** The registry entry, {@code "batch_norm1d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "batch_norm1d",
          Config.class,
          (c, backend) -> new BatchNorm1d(c, LayerOptions.defaults().on(backend)));

  /** PyTorch's defaults: momentum 0.1, eps 1e-5, affine. */
  public BatchNorm1d(int features) {
    this(features, 0.1, 1e-5, true, LayerOptions.defaults());
  }

  /** Every argument; {@code options} gives the backend. */
  public BatchNorm1d(
      int features, double momentum, double eps, boolean affine, LayerOptions options) {
    this(new Config(features, momentum, eps, affine), options);
  }

  private BatchNorm1d(Config config, LayerOptions options) {
    super(TYPE, config, options);
  }

  @Override
  boolean acceptsRank(int rank) {
    return rank == 2 || rank == 3;
  }

  @Override
  String expectedInput() {
    return "[N, C] or [N, C, L]";
  }
}
