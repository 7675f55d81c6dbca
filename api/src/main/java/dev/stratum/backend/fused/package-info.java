/**
 * The optional fused kernels: each one a small interface of its own, a <em>capability</em> that a
 * backend may offer through {@link dev.stratum.backend.Backend#capability(Class)}, so that a new
 * fused kernel adds one interface here and an implementation in the backends that have it, and no
 * method to {@code Backend}, {@code Tensor} or every backend.
 *
 * <p>Each capability is defined by a composition of core kernels, written out in its javadoc, and
 * must give the same result bit for bit (for {@link
 * dev.stratum.backend.fused.FusedBiasActivation}'s transcendental activations, within the tolerance
 * of the activation's own kernel, which may itself round an element differently in its vector body
 * and its scalar tail): a fused kernel saves passes over memory and temporaries, and does not
 * change the numbers. The code that uses a capability runs that composition itself, once, where the
 * backend does not offer it ({@link dev.stratum.backend.fused.FusedBiasActivation} in {@code
 * Tensor.biasActivation}, {@link dev.stratum.backend.fused.FusedActivationGradient} in the
 * activations' gradient rules, {@link dev.stratum.backend.fused.FusedAxpy} in {@code
 * Tensor.addScaledInPlace}, {@link dev.stratum.backend.fused.FusedAdam} in the {@code Adam}
 * optimizer); the conformance kit checks every capability a backend offers against the composition
 * on that backend and against a double-precision oracle.
 *
 * <p>A backend keeps its capabilities in a {@link dev.stratum.backend.fused.Capabilities} built
 * once and answers {@code capability} from it.
 */
package dev.stratum.backend.fused;
