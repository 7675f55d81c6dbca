/**
 * Synchronous data-parallel training on Apache Spark. {@link dev.stratum.spark.SparkTrainer} has
 * the shape of the one-machine {@code Trainer} (epochs, validation, metrics, callbacks, checkpoints
 * of the driver's model); the samples are an RDD of {@link dev.stratum.spark.Sample}s split into
 * one shard per worker ({@link dev.stratum.spark.DataPlan}), each executor rebuilds the model, loss
 * and optimizer from their JSON through {@link dev.stratum.spark.Components}, and every round's
 * results come back to the driver by {@code treeAggregate}.
 */
package dev.stratum.spark;
