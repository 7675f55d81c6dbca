/**
 * The backend conformance kit: the executable contract of {@link dev.stratum.backend.Backend}.
 *
 * <p>A backend author extends {@link dev.stratum.conformance.ProviderConformanceKit} (naming a
 * provider) or {@link dev.stratum.conformance.BackendConformanceKit} (creating a backend) in a test
 * class. Every kernel is compared with {@link dev.stratum.conformance.ReferenceKernels}, a
 * double-precision scalar oracle, on many shapes; random streams are compared bit for bit with
 * {@link dev.stratum.random.Philox}. The cases live in one class per kernel group ({@code
 * *Conformance}); tolerances and their reasons are in {@link dev.stratum.conformance.Tolerance}.
 */
package dev.stratum.conformance;
