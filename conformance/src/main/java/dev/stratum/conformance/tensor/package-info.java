/**
 * Tensor-level checks of the conformance kit: every gradient rule against finite differences (first
 * and second order), forward results against host computations, autograd semantics, error messages,
 * deterministic freeing, and training steps against a double-precision oracle. Each check is a
 * {@link dev.stratum.conformance.tensor.TensorCheck}; the kit's base class runs them on the backend
 * under test.
 */
package dev.stratum.conformance.tensor;
