/**
 * Training recurrent models with the {@code Trainer}: {@link
 * dev.stratum.recurrent.train.TruncatedBptt}, truncated backpropagation through time as a {@code
 * TrainingStep}, stateful across batches and reset at each epoch.
 */
package dev.stratum.recurrent.train;
