/**
 * The backend SPI: {@link dev.stratum.backend.Backend} (memory and kernels, the whole list in one
 * file), {@link dev.stratum.backend.BackendProvider} (found by {@link java.util.ServiceLoader}) and
 * {@link dev.stratum.backend.Backends} (which chooses one and explains every failure). The optional
 * fused kernels a backend may offer are capabilities of their own, in {@link
 * dev.stratum.backend.fused}. What a backend does besides its device (storage bookkeeping, buffer
 * pooling, strided index spaces, range checks) is written once in {@link
 * dev.stratum.backend.support}.
 */
package dev.stratum.backend;
