/**
 * Losses built from tensor ops, so they run and differentiate on every backend.
 *
 * <p>Each loss extends {@link dev.stratum.layers.loss.ReducingLoss}: it checks its inputs' shapes
 * on the host and their values on the device ({@link dev.stratum.layers.loss.ValueRules}: a failed
 * rule makes the loss NaN rather than costing a download every step, and {@code checkValues} names
 * the offending value), computes one term per element or per sample, and combines them by its
 * {@link dev.stratum.nn.Reduction}. Each class says what {@code MEAN} averages over. {@link
 * dev.stratum.layers.loss.Losses} builds a loss from a JSON-like map ({@code {"type": "huber",
 * "delta": 1.0, "reduction": "sum"}}) and {@link dev.stratum.layers.loss.LossesModule} registers
 * every loss by name for Guice users.
 */
package dev.stratum.layers.loss;
