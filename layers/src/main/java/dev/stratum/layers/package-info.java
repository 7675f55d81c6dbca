/**
 * Layers built from tensor ops, so they run unchanged on every backend: {@link
 * dev.stratum.layers.Dense}, convolution, pooling, transposed convolution, upsampling, locally
 * connected, reshaping, dropout, batch normalisation, embeddings, and the {@link
 * dev.stratum.layers.Sequential} container with its {@link dev.stratum.layers.Summary}. Every layer
 * reports a {@code typeName()} and a {@code config()} that {@link
 * dev.stratum.layers.StandardLayers#factories()} builds back.
 */
package dev.stratum.layers;
