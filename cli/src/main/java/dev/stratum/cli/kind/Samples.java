package dev.stratum.cli.kind;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;

/**
 * A kind whose model generates images from random codes (a VAE, a GAN): {@code stratum sample}
 * draws a grid of them, and the report shows one.
 */
public interface Samples {

  /**
   * {@code count} generated images {@code [count, ...inputShape]}, their codes drawn from {@code
   * codes}: the same generator seed gives the same images.
   */
  Tensor sample(Layer model, Backend backend, int count, Generator codes);
}
