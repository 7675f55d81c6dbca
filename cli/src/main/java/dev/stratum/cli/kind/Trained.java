package dev.stratum.cli.kind;

import dev.stratum.backend.Backend;
import dev.stratum.data.Dataset;
import dev.stratum.nn.Layer;

/**
 * A trained model with what its pictures need.
 *
 * @param model the network, holding its best weights, in evaluation mode
 * @param settings the settings it was built with
 * @param images Fashion-MNIST images to draw from (the test set): inputs {@code [1, 28, 28]},
 *     targets class indices
 * @param backend the backend the model lives on
 */
public record Trained(Layer model, ModelSettings settings, Dataset images, Backend backend) {}
