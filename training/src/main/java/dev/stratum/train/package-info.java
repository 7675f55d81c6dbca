/**
 * The training loop: {@link dev.stratum.train.Trainer} runs epochs over any {@code Iterable<Batch>}
 * with an optimizer and a loss, validates, computes {@link dev.stratum.train.Metric}s and returns a
 * {@link dev.stratum.train.History}. Everything else hooks in as a {@link
 * dev.stratum.callback.Callback}: {@link dev.stratum.train.EarlyStopping}, {@link
 * dev.stratum.train.ModelCheckpoint}, {@link dev.stratum.callback.LearningRateCallback} (where
 * learning-rate schedules plug in) and {@link dev.stratum.train.HistoryLog}; {@link
 * dev.stratum.train.Monitor} says which metric a callback watches.
 */
package dev.stratum.train;
