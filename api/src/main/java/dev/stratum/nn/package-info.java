/**
 * The contracts that layers, losses and models share: {@link dev.stratum.nn.Layer}, {@link
 * dev.stratum.nn.LayerFactory} (how a layer is built back from its JSON configuration) and {@link
 * dev.stratum.nn.Loss}. Implementations live in {@code stratum-layers}.
 */
package dev.stratum.nn;
