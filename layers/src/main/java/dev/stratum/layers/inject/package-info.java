/**
 * Guice wiring: {@link dev.stratum.layers.inject.LayersModule} registers every layer and activation
 * by type name. Optional: the layers themselves never need an injector.
 */
package dev.stratum.layers.inject;
