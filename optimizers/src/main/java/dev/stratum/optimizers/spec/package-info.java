/**
 * Optimizers and schedules by name: the factories ({@link
 * dev.stratum.optimizers.spec.OptimizerFactory}, {@link
 * dev.stratum.optimizers.spec.ScheduleFactory}), the built-ins ({@link
 * dev.stratum.optimizers.spec.BuiltIns}), the JSON spec parser ({@link
 * dev.stratum.optimizers.spec.OptimizerSpec}) and the optional Guice {@link
 * dev.stratum.optimizers.spec.OptimizersModule}.
 */
package dev.stratum.optimizers.spec;
