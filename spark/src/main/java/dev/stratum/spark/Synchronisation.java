package dev.stratum.spark;

/**
 * How the workers' results of a round are summed, for either {@link SyncMethod}. Both give the same
 * sums up to float rounding (the additions happen in a different order); they differ in where the
 * work and the traffic are.
 *
 * <ul>
 *   <li>{@link #TREE_AGGREGATE}: Spark's {@code treeAggregate}. Each task's whole vector of {@code
 *       P} floats goes up a tree of partial sums whose last level is on the driver: the driver
 *       receives about {@code √W·P} floats at depth 2 (all {@code W·P} for {@code W <= 5}) and adds
 *       them.
 *   <li>{@link #SLICED_ALL_REDUCE}: the AllReduce BigDL builds from Spark's own primitives, with a
 *       shuffle. Each task cuts its vector into {@code W} slices and emits {@code (i, slice i)};
 *       {@code reduceByKey} over {@code W} partitions sends slice {@code i} of every task to task
 *       {@code i}, which sums it on its executor (a reduce-scatter, the traffic spread over all
 *       executors, {@code P·(W-1)/W} floats out of and into each); then the {@code W} summed slices
 *       are collected (the all-gather). So the driver receives {@code P} floats once and adds
 *       nothing. The price is a second stage per round and the shuffle's files on the executors'
 *       local disks.
 * </ul>
 *
 * <p>Not through the driver does not mean without it: in both, the driver broadcasts the round's
 * parameters (Spark's torrent broadcast, which executors also serve to each other), and the
 * driver's model receives the summed result, because callbacks, validation and checkpoints work on
 * it every round. What the sliced AllReduce removes is the driver's sum over workers, which grows
 * with their number.
 *
 * <p>Why a shuffle and not the two other Spark primitives: {@code BarrierTaskContext.allGather}
 * passes its strings through the driver's {@code BarrierCoordinator} (an RPC to the driver), so
 * exchanging slices with it would funnel all traffic through the driver again; and writing slices
 * into the executors' {@code BlockManager} and fetching them remotely, as BigDL does, works from
 * Java in Spark 4.2 only through classes that are {@code private[spark]} in Scala (public in the
 * bytecode, but Spark's internals, with no compatibility promise between releases). A shuffle is
 * the public API for the same executor-to-executor block transfer.
 */
public enum Synchronisation {
  /** Spark's {@code treeAggregate}, the last sums on the driver. */
  TREE_AGGREGATE,

  /** A reduce-scatter by shuffle into one slice per worker, then the slices gathered. */
  SLICED_ALL_REDUCE;

  /**
   * What a {@link SparkTrainer} uses unless told otherwise: {@link #TREE_AGGREGATE}, which took
   * 1.14–2.03× less time per round than {@link #SLICED_ALL_REDUCE} at every parameter count
   * measured (1 thousand to 4 million) on {@code local[2]} on a quiet machine ({@code
   * benchmarks/README.md}, "Data-parallel training on Spark"). Where the driver's share grows with
   * many executors and large models, choose the sliced all-reduce with {@link
   * SparkTrainer.Builder#synchronisation}.
   */
  public static final Synchronisation DEFAULT = TREE_AGGREGATE;
}
