/**
 * A deliberately tiny backend of plain float loops, registered through {@code META-INF/services}
 * exactly as a third party would, to prove that the SPI and the conformance kit work for a backend
 * written outside Stratum.
 */
package dev.stratum.conformance.scalar;
