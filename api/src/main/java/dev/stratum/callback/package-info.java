/**
 * The small contracts through which layers and optimizers hook into a training loop without
 * depending on one: a {@link dev.stratum.callback.Callback} sees a {@link
 * dev.stratum.callback.TrainingContext}, and {@link dev.stratum.callback.LearningRateCallback} is
 * the one learning-rate hook that schedules plug into. The loop itself ({@code Trainer}) lives in
 * {@code stratum-training}; max-norm constraints ({@code stratum-layers}) and reduce-on-plateau
 * ({@code stratum-optimizers}) are callbacks written against these contracts alone.
 */
package dev.stratum.callback;
