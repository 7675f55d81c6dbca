/**
 * Learning-rate schedules ({@link dev.stratum.optimizers.schedule.LearningRateSchedule}, the
 * built-ins in {@link dev.stratum.optimizers.schedule.Schedules}), the callback that applies one to
 * an optimizer, and reduce-on-plateau driven by a validation metric.
 */
package dev.stratum.optimizers.schedule;
