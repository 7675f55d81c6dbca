package dev.stratum.nn;

import dev.stratum.tensor.Tensor;
import java.util.Map;

/**
 * A differentiable function with named parameters: the unit from which models are built.
 *
 * <p>A layer is written with tensor operations only, so it runs unchanged on every backend and
 * autograd differentiates it. Its parameters are leaf tensors with {@code requiresGrad} set; an
 * optimizer updates them in place, so the references a layer holds stay valid for its lifetime.
 *
 * <p>The name {@code Layer} (rather than {@code Module}, as in DESIGN.md) avoids a clash with
 * {@code java.lang.Module} and Guice's {@code com.google.inject.Module}.
 */
public interface Layer extends AutoCloseable {

  /** Applies the layer. The input's first axis is the batch. */
  Tensor forward(Tensor input);

  /**
   * The trainable parameters, in a stable order, under stable names relative to this layer ({@code
   * "weight"}, {@code "bias"}; a container prefixes its children's names: {@code "0.weight"}).
   * Checkpoints and optimizer state are keyed by these names.
   */
  default Map<String, Tensor> parameters() {
    return Map.of();
  }

  /**
   * Non-trainable state that belongs in a checkpoint (batch-normalisation running statistics),
   * named like {@link #parameters()}.
   */
  default Map<String, Tensor> buffers() {
    return Map.of();
  }

  /** Switches between training behaviour (dropout active, batch statistics) and evaluation. */
  default void train(boolean training) {}

  /** Whether the layer is in training mode; layers without a mode report {@code true}. */
  default boolean isTraining() {
    return true;
  }

  /** Shorthand for {@code train(false)}. */
  default void eval() {
    train(false);
  }

  /**
   * The output shape for an input of the given shape (batch axis included), computed without
   * running the layer; throws {@link IllegalArgumentException} naming the layer and the shapes when
   * the input does not fit.
   */
  int[] outputShape(int... inputShape);

  /** The name this layer's type is registered under, used in architecture JSON ("dense"). */
  String typeName();

  /**
   * The arguments that rebuild this layer through its {@link LayerFactory}: numbers, strings,
   * booleans, lists and maps only (a container lists its children's {@code {"type", "config"}}).
   */
  Map<String, Object> config();

  /** Frees the parameters and buffers. */
  @Override
  default void close() {
    parameters().values().forEach(Tensor::close);
    buffers().values().forEach(Tensor::close);
  }
}
