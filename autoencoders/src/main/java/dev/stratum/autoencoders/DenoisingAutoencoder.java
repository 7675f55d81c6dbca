package dev.stratum.autoencoders;

import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.util.Map;
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

  /** The registry name. */
  public static final String TYPE = "denoising_autoencoder";

  private final Noise noise;

  /** A denoising autoencoder trained under {@code noise}. */
  public DenoisingAutoencoder(
      int[] inputShape, Layer encoder, Layer decoder, ReducingLoss loss, Noise noise) {
    super(TYPE, inputShape, encoder, decoder, loss);
    this.noise = Objects.requireNonNull(noise, "noise");
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

  /** {@code "noise": {...}}. */
  @Override
  protected void addConfig(Map<String, Object> config) {
    config.put("noise", noise.config());
  }

  /** Rebuilds a denoising autoencoder from its config; a bad noise level names this kind. */
  public static LayerFactory factory() {
    return (backend, config, registry) ->
        Specs.build(
            TYPE,
            backend,
            config,
            registry,
            parts -> {
              Noise noise;
              try {
                noise = Noise.fromConfig(LayerConfig.map(TYPE + " noise", config.get("noise")));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DenoisingAutoencoder: " + e.getMessage(), e);
              }
              return new DenoisingAutoencoder(
                  parts.inputShape(), parts.encoder(), parts.decoder(), parts.loss(), noise);
            });
  }
}
