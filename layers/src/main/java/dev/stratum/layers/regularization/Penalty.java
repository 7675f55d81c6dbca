package dev.stratum.layers.regularization;

import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.function.Function;

/**
 * A term added to the loss at every training step: given the model, a differentiable scalar tensor.
 * It is a {@code Function<Layer, Tensor>}, the form the training loop takes penalties in.
 */
@FunctionalInterface
public interface Penalty extends Function<Layer, Tensor> {}
