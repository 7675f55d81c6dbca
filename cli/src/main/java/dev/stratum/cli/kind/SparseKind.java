package dev.stratum.cli.kind;

import dev.stratum.autoencoders.SparseAutoencoder;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import java.util.List;

/**
 * The sparse autoencoder: the dense 784-256-CODE-256-784 shape with a sigmoid code, and the KL
 * penalty {@code β Σ_j KL(ρ ‖ ρ̂_j)} that keeps each code unit's mean activity over a batch near ρ
 * ({@link SparseAutoencoder#kl}).
 */
final class SparseKind extends LibraryAutoencoder {

  static final int DEFAULT_CODE_SIZE = 64;
  static final double DEFAULT_TARGET = 0.05;
  static final double DEFAULT_WEIGHT = 0.1;

  @Override
  public String name() {
    return "sparse-autoencoder";
  }

  @Override
  public String description() {
    return "sparse autoencoder, 784-256-CODE(sigmoid)-256-784 with a KL sparsity penalty"
        + " (--sparsity-target, --sparsity-weight)";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public List<String> options() {
    return List.of("--code-size", "--sparsity-target", "--sparsity-weight");
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    int code = codeSize(settings);
    return SparseAutoencoder.kl(
        inputShape(),
        denseEncoder(o, code, new Activation.Sigmoid()),
        denseDecoder(o, code),
        new MeanSquaredError(),
        settings.sparsityTarget() != null ? settings.sparsityTarget() : DEFAULT_TARGET,
        settings.sparsityWeight() != null ? settings.sparsityWeight() : DEFAULT_WEIGHT);
  }

  @Override
  public int codeSize(ModelSettings settings) {
    return codeSize(settings, DEFAULT_CODE_SIZE);
  }

  @Override
  public String describe(String metric) {
    return metric.equals(SparseAutoencoder.PART)
        ? "sparsity penalty, β·Σ KL(ρ ‖ mean activity)"
        : super.describe(metric);
  }
}
