/**
 * The training loop: a {@code Trainer} runs epochs over a data loader with an optimizer and a loss,
 * and reports to {@link dev.stratum.train.Callback}s.
 */
package dev.stratum.train;
