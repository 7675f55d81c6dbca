/**
 * The backend SPI: {@link dev.stratum.backend.Backend} (memory and kernels, the whole list in one
 * file), {@link dev.stratum.backend.BackendProvider} (found by {@link java.util.ServiceLoader}) and
 * {@link dev.stratum.backend.Backends} (which chooses one and explains every failure).
 */
package dev.stratum.backend;
