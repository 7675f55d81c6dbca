/**
 * Synchronous data-parallel training on Apache Spark. {@link dev.stratum.spark.SparkTrainer} has
 * the shape of the one-machine {@code Trainer} (epochs, validation, metrics, callbacks, checkpoints
 * of the driver's model); the samples are an RDD of {@link dev.stratum.spark.Sample}s split into
 * one shard per worker ({@link dev.stratum.spark.DataPlan}), each executor rebuilds the model, loss
 * and optimizer from their JSON through {@link dev.stratum.spark.Components}, and every round's
 * results are summed by {@code treeAggregate} or by a sliced all-reduce on the executors ({@link
 * dev.stratum.spark.Synchronisation}). {@link dev.stratum.spark.SampleFiles} reads IDX and CSV
 * files by path on the executors.
 */
package dev.stratum.spark;
