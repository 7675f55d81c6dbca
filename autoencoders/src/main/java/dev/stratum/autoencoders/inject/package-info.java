/**
 * Guice wiring for the autoencoders: {@link dev.stratum.autoencoders.inject.AutoencodersModule}.
 * Optional; {@link dev.stratum.autoencoders.Autoencoders#factories()} is the same registry without
 * an injector.
 */
package dev.stratum.autoencoders.inject;
