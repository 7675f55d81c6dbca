/**
 * Seeded parameter initialisation: {@link dev.stratum.layers.init.Initializer} (PyTorch's default
 * fan-in uniform, Xavier/Glorot, He/Kaiming, constants) and {@link dev.stratum.layers.init.Seeds},
 * the default generator used when a layer is given none.
 */
package dev.stratum.layers.init;
