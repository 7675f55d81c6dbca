package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.LayerFactory;
import java.util.Map;

/** Batch normalisation of NCHW images (statistics over N, H and W). See {@link BatchNorm}. */
public final class BatchNorm2d extends BatchNorm {

  /** The registry name. */
  public static final String TYPE = "batch_norm2d";

  /** PyTorch's defaults: momentum 0.1, eps 1e-5, affine. */
  public BatchNorm2d(int features) {
    this(features, 0.1, 1e-5, true, LayerOptions.defaults());
  }

  /** Every argument; {@code options} gives the backend. */
  public BatchNorm2d(
      int features, double momentum, double eps, boolean affine, LayerOptions options) {
    super(features, momentum, eps, affine, options);
  }

  /** Builds the layer from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new BatchNorm2d(
            LayerConfig.integer(TYPE, config, "features"),
            LayerConfig.number(TYPE, config, "momentum", 0.1),
            LayerConfig.number(TYPE, config, "eps", 1e-5),
            LayerConfig.bool(TYPE, config, "affine", true),
            LayerOptions.defaults().on(backend));
  }

  @Override
  boolean acceptsRank(int rank) {
    return rank == 4;
  }

  @Override
  String expectedInput() {
    return "[N, C, H, W]";
  }

  @Override
  public String typeName() {
    return TYPE;
  }
}
