package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.Seeds;
import dev.stratum.tensor.Generator;

/**
 * How a layer creates its parameters: on which backend, from which generator, with which
 * initializers, and whether it has a bias. Immutable; the {@code with}-style methods return a copy.
 *
 * <pre>{@code
 * new Dense(784, 256, LayerOptions.defaults().seed(42).weightInit(Initializer.heNormal()));
 * }</pre>
 *
 * <p>{@code null} fields mean "the default": {@link Backends#get()}, {@link
 * Seeds#defaultGenerator()}, and the layer type's own initializers (PyTorch's). A generator made by
 * {@link #seed(long)} belongs to this options object: layers built from the same object draw
 * successive streams of it, so they differ from each other but are the same on every run.
 *
 * @param backend where parameters live, or null for the default backend
 * @param generator the source of random initial values, or null for the shared default
 * @param weightInit the weight initializer, or null for the layer's default
 * @param biasInit the bias initializer, or null for the layer's default
 * @param bias whether the layer has a bias (layers without one ignore this)
 */
public record LayerOptions(
    Backend backend,
    Generator generator,
    Initializer weightInit,
    Initializer biasInit,
    boolean bias) {

  private static final LayerOptions DEFAULTS = new LayerOptions(null, null, null, null, true);

  /** Default backend, shared generator, PyTorch initialisation, with bias. */
  public static LayerOptions defaults() {
    return DEFAULTS;
  }

  /** Parameters on {@code backend}. */
  public LayerOptions on(Backend backend) {
    return new LayerOptions(backend, generator, weightInit, biasInit, bias);
  }

  /** Initial values from {@code generator} (shared with every layer built from these options). */
  public LayerOptions generator(Generator generator) {
    return new LayerOptions(backend, generator, weightInit, biasInit, bias);
  }

  /** A fresh generator for {@code seed}. */
  public LayerOptions seed(long seed) {
    return generator(new Generator(seed));
  }

  /** Weights from {@code init}. */
  public LayerOptions weightInit(Initializer init) {
    return new LayerOptions(backend, generator, init, biasInit, bias);
  }

  /** Biases from {@code init}. */
  public LayerOptions biasInit(Initializer init) {
    return new LayerOptions(backend, generator, weightInit, init, bias);
  }

  /** With or without a bias. */
  public LayerOptions bias(boolean bias) {
    return new LayerOptions(backend, generator, weightInit, biasInit, bias);
  }

  /**
   * For a layer whose values are about to be loaded ({@code StateDict.load}, a checkpoint): weights
   * and biases start at zero, so no seed is needed and no random numbers are drawn from the shared
   * generator (which would shift the streams of layers built after it).
   */
  public LayerOptions toBeLoaded() {
    return weightInit(Initializer.zeros()).biasInit(Initializer.zeros());
  }

  /** The backend to use. */
  public Backend resolveBackend() {
    return backend != null ? backend : Backends.get();
  }

  /** The generator to use. */
  public Generator resolveGenerator() {
    return generator != null ? generator : Seeds.defaultGenerator();
  }

  /** The weight initializer, or {@code fallback}. */
  public Initializer weightInitOr(Initializer fallback) {
    return weightInit != null ? weightInit : fallback;
  }

  /** The bias initializer, or {@code fallback}. */
  public Initializer biasInitOr(Initializer fallback) {
    return biasInit != null ? biasInit : fallback;
  }
}
