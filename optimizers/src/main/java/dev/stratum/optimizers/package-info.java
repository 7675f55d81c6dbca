/**
 * Optimizers over {@link dev.stratum.optim.ParameterGroup}s, from SGD to AggMo, written with tensor
 * operations and in-place updates so they run on every backend. Each class documents the exact
 * update rule it implements and the paper it follows; {@link dev.stratum.optimizers.WeightDecay}
 * says how weight decay is applied. Schedules, clipping, the Guice registry and hyper-parameter
 * search live in the sub-packages.
 */
package dev.stratum.optimizers;
