/**
 * Gradient clipping by value, by norm per parameter and by global norm, as plain functions ({@link
 * dev.stratum.optimizers.clip.GradientClipping}) and as optimizer decorators ({@link
 * dev.stratum.optimizers.clip.Clipping}); a guard against NaN and infinite gradients ({@link
 * dev.stratum.optimizers.clip.NonFiniteGuard}).
 */
package dev.stratum.optimizers.clip;
