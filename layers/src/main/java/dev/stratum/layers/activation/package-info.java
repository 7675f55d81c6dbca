/**
 * Activations as layers ({@link dev.stratum.layers.activation.Activation} records such as {@code
 * new ReLU()}) and as functions ({@link dev.stratum.layers.activation.Activations}).
 */
package dev.stratum.layers.activation;
