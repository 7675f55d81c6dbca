/**
 * The optimizer contract: {@link dev.stratum.optim.Optimizer} over {@link
 * dev.stratum.optim.ParameterGroup}s. Implementations (SGD to AggMo), schedules and clipping live
 * in {@code stratum-optimizers}.
 */
package dev.stratum.optim;
