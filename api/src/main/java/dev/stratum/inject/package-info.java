/**
 * Guice wiring at the edge: {@link dev.stratum.inject.StratumModule} binds the backend and {@link
 * dev.stratum.inject.Registries} names the registries other modules add to. Optional: the rest of
 * Stratum never needs an injector.
 */
package dev.stratum.inject;
