package dev.stratum.spark;

import dev.stratum.data.Shuffle;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Which samples each worker trains on, step by step; written once here, so the executors and a test
 * that replays the run on one machine agree.
 *
 * <ul>
 *   <li>Sample {@code i} of the RDD (in its order, {@code zipWithIndex}) belongs to worker {@code i
 *       mod W} for the whole run, as position {@code p = i / W} of that worker's shard.
 *   <li>Every epoch, worker {@code w} visits its shard in the order of {@link
 *       Shuffle#permutation(long, long, int) Shuffle.permutation(seed, epoch·W + w, n_w)} (or in
 *       shard order without shuffling), so a run is reproducible from its seed.
 *   <li>Every worker takes the same number of steps per epoch, {@code S = ⌈min_w n_w / B⌉}: steps
 *       {@code 0 .. S-2} take {@code B} samples and the last takes the rest of the shard (between 1
 *       and {@code B + 1} samples, since shards differ by at most one sample). Equal step counts
 *       keep the workers in lock step, and an optimizer's step counts equal on every worker.
 * </ul>
 *
 * @see SparkTrainer
 */
public final class DataPlan implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int workers;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  private final int[] shardSizes;
  private final int steps;

  /**
   * The plan of {@code samples} samples on {@code workers} workers with {@code batchSize} samples
   * per worker and step; {@code shuffle} false keeps each shard in order.
   */
  public DataPlan(long samples, int workers, int batchSize, long seed, boolean shuffle) {
    if (workers < 1) {
      throw new IllegalArgumentException("data plan: workers must be >= 1, got " + workers);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("data plan: batch size must be >= 1, got " + batchSize);
    }
    if (samples < workers) {
      throw new IllegalArgumentException(
          "data plan: "
              + samples
              + " samples cannot be split over "
              + workers
              + " workers; each needs at least one");
    }
    if (samples / workers > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "data plan: " + samples + " samples over " + workers + " workers exceed 2^31 a shard");
    }
    this.workers = workers;
    this.batchSize = batchSize;
    this.seed = seed;
    this.shuffle = shuffle;
    this.shardSizes = new int[workers];
    for (int w = 0; w < workers; w++) {
      shardSizes[w] = (int) (samples / workers + (w < samples % workers ? 1 : 0));
    }
    int smallest = shardSizes[workers - 1];
    this.steps = (smallest + batchSize - 1) / batchSize;
  }

  /** The number of workers (partitions). */
  public int workers() {
    return workers;
  }

  /** Samples per worker and step (the last step of an epoch may differ). */
  public int batchSize() {
    return batchSize;
  }

  /** Steps per epoch, the same on every worker. */
  public int stepsPerEpoch() {
    return steps;
  }

  /** The number of samples of worker {@code worker}'s shard. */
  public int shardSize(int worker) {
    return shardSizes[checkWorker(worker)];
  }

  /** The worker that sample {@code index} belongs to. */
  public int workerOf(long index) {
    return (int) (index % workers);
  }

  /**
   * The shard positions worker {@code worker} takes at step {@code step} (0-based) of epoch {@code
   * epoch} (1-based, as the trainer counts); position {@code p} is sample {@code p·W + worker} of
   * the RDD.
   */
  public int[] positions(int epoch, int worker, int step) {
    checkWorker(worker);
    if (step < 0 || step >= steps) {
      throw new IllegalArgumentException(
          "data plan: step " + step + " is outside 0.." + (steps - 1) + " of an epoch");
    }
    return slice(order(epoch, worker), step);
  }

  /** Step {@code step}'s part of an epoch's {@link #order}. */
  int[] slice(int[] order, int step) {
    int from = step * batchSize;
    int to = step == steps - 1 ? order.length : from + batchSize;
    return Arrays.copyOfRange(order, from, to);
  }

  /**
   * The RDD indices of the samples worker {@code worker} takes at {@code step} of {@code epoch}.
   */
  public long[] sampleIndices(int epoch, int worker, int step) {
    int[] positions = positions(epoch, worker, step);
    long[] indices = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      indices[i] = (long) positions[i] * workers + worker;
    }
    return indices;
  }

  /** The order in which {@code worker} visits its shard in {@code epoch}. */
  int[] order(int epoch, int worker) {
    int n = shardSizes[worker];
    if (shuffle) {
      return Shuffle.permutation(seed, (long) epoch * workers + worker, n);
    }
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    return identity;
  }

  private int checkWorker(int worker) {
    if (worker < 0 || worker >= workers) {
      throw new IllegalArgumentException(
          "data plan: worker " + worker + " is outside 0.." + (workers - 1));
    }
    return worker;
  }
}
