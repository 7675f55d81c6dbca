package dev.stratum.cli;

import dev.stratum.cli.kind.ModelSettings;
import picocli.CommandLine.Option;

/**
 * The options of {@code stratum train} that shape a model beyond its kind, one per field of {@link
 * ModelSettings}; each kind takes only the ones it names ({@link
 * dev.stratum.cli.kind.ModelKind#options()}).
 */
final class ModelSettingsOptions {

  @Option(
      names = "--code-size",
      paramLabel = "N",
      description =
          "Values in the code of an autoencoder (default: 64; 2 draws the codes as they are), the"
              + " latent size of the vae (default: 16) or the gan (default: 64).")
  Integer codeSize;

  @Option(
      names = "--hidden-size",
      paramLabel = "N",
      description = "Units of the recurrent classifier's cell (default: 128).")
  Integer hiddenSize;

  @Option(
      names = "--cell",
      paramLabel = "CELL",
      description = "The recurrent classifier's cell: lstm or gru (default: lstm).")
  String cell;

  @Option(
      names = "--noise",
      paramLabel = "KIND",
      description =
          "The denoising autoencoder's corruption: gaussian, masking or salt-and-pepper (default:"
              + " masking).")
  String noise;

  @Option(
      names = "--noise-level",
      paramLabel = "X",
      description =
          "σ of gaussian noise (default: 0.3), else the share of pixels corrupted (default: 0.25).")
  Double noiseLevel;

  @Option(
      names = "--sparsity-target",
      paramLabel = "RHO",
      description = "The sparse autoencoder's target mean activity per code unit (default: 0.05).")
  Double sparsityTarget;

  @Option(
      names = "--sparsity-weight",
      paramLabel = "BETA",
      description = "Weight of the sparse autoencoder's KL penalty (default: 0.1).")
  Double sparsityWeight;

  @Option(
      names = "--contraction",
      paramLabel = "LAMBDA",
      description = "Weight of the contractive autoencoder's Jacobian penalty (default: 0.1).")
  Double contraction;

  @Option(
      names = "--beta",
      paramLabel = "BETA",
      description = "Weight of the vae's KL term (default: 1; above 1, a beta-VAE).")
  Double beta;

  /**
   * The settings given; throws {@link IllegalArgumentException} naming the option for a value out
   * of its range.
   */
  ModelSettings settings() {
    return new ModelSettings(
        codeSize,
        hiddenSize,
        cell,
        noise,
        noiseLevel,
        sparsityTarget,
        sparsityWeight,
        contraction,
        beta);
  }
}
