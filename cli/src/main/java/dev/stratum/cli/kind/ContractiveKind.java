package dev.stratum.cli.kind;

import dev.stratum.autoencoders.ContractiveAutoencoder;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import java.util.List;

/**
 * The contractive autoencoder: one sigmoid layer each side, 784-CODE-784, and the penalty {@code
 * λ·‖J_f(x)‖²_F} on the encoder's Jacobian, which with one sigmoid layer has the closed form the
 * module uses ({@link ContractiveAutoencoder}), so a step costs little more than a plain one.
 */
final class ContractiveKind extends LibraryAutoencoder {

  static final int DEFAULT_CODE_SIZE = 64;
  static final double DEFAULT_CONTRACTION = 0.1;

  @Override
  public String name() {
    return "contractive-autoencoder";
  }

  @Override
  public String description() {
    return "contractive autoencoder, 784-CODE(sigmoid)-784 with the penalty λ‖J‖² (--contraction)";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public List<String> options() {
    return List.of("--code-size", "--contraction");
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    int code = codeSize(settings);
    return new ContractiveAutoencoder(
        inputShape(),
        new Sequential(new Dense(784, code, o), new Activation.Sigmoid()),
        new Sequential(new Dense(code, 784, o), new Activation.Sigmoid()),
        new MeanSquaredError(),
        settings.contraction() != null ? settings.contraction() : DEFAULT_CONTRACTION);
  }

  @Override
  public int codeSize(ModelSettings settings) {
    return codeSize(settings, DEFAULT_CODE_SIZE);
  }

  @Override
  public String describe(String metric) {
    return metric.equals(ContractiveAutoencoder.PART)
        ? "contractive penalty, λ·‖J‖² (mean per image)"
        : super.describe(metric);
  }
}
