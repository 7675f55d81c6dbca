package dev.stratum.autoencoders;

import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.layers.Default;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Layer;
import java.util.List;
import java.util.Objects;

/**
 * A denoising autoencoder (Vincent et al., 2008): it reconstructs the clean input from a corrupted
 * one,
 *
 * <pre>
 *   x̃ ~ q(x̃ | x),   h = f(x̃),   minimise  L(g(h), x)
 * </pre>
 *
 * with the corruption {@code q} one of the {@link Noise} kinds (Gaussian, masking,
 * salt-and-pepper). The noise is applied to the inputs only, on the host, by the data loader: train
 * on {@link #loader(Dataset)}, whose targets are the clean inputs and whose inputs are corrupted
 * afresh in every epoch from the project's Philox generator, keyed by sample, so every backend sees
 * the same noisy batches. The model itself is the plain autoencoder (reconstruction at test time is
 * {@code g(f(x))} of a clean or noisy input, as the application wants); the noise is part of its
 * configuration so that a saved model says how it was trained.
 */
public final class DenoisingAutoencoder extends Autoencoder {

  /**
   * A denoising autoencoder's arguments, as its JSON config holds them: those of every {@link
   * Architecture} and {@code "noise": {"type": "gaussian", "sigma": σ, "seed": s}} (or masking,
   * salt-and-pepper; see {@link Noise}).
   *
   * @param inputShape the shape of one sample
   * @param encoder the encoder
   * @param decoder the decoder
   * @param loss the reconstruction loss (null: the mean squared error)
   * @param noise the corruption of the inputs
   */
  public record Config(
      List<Integer> inputShape,
      Layer encoder,
      Layer decoder,
      @Default ReducingLoss loss,
      Noise noise)
      implements Architecture {
    public Config {
      inputShape = List.copyOf(inputShape);
      loss = Objects.requireNonNullElseGet(loss, MeanSquaredError::new);
      Objects.requireNonNull(noise, "noise");
    }
  }

  /** The registry entry, {@code "denoising_autoencoder"}; a bad noise level names this kind. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "denoising_autoencoder",
          Config.class,
          (c, backend) -> new DenoisingAutoencoder(c),
          Specs.LOSS,
          new LayerType.ValueType<>(
              Noise.class,
              Noise::config,
              config -> {
                try {
                  return Noise.fromConfig(config);
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException("DenoisingAutoencoder: " + e.getMessage(), e);
                }
              }));

  private final Noise noise;

  /** A denoising autoencoder from its config record. */
  public DenoisingAutoencoder(Config config) {
    super(TYPE, config);
    this.noise = config.noise();
  }

  /** A denoising autoencoder trained under {@code noise}. */
  public DenoisingAutoencoder(
      int[] inputShape, Layer encoder, Layer decoder, ReducingLoss loss, Noise noise) {
    this(new Config(Specs.list(inputShape), encoder, decoder, loss, noise));
  }

  /** The corruption {@code q}. */
  public Noise noise() {
    return noise;
  }

  /**
   * A loader over {@code images} for training: targets are the clean inputs ({@link
   * Dataset#inputsAsTargets()}), inputs are corrupted by {@link #noise()}. Set the batch size,
   * shuffling and backend on the builder.
   */
  public DataLoader.Builder loader(Dataset images) {
    return DataLoader.builder(images.inputsAsTargets()).inputTransform(noise.transform());
  }
}
