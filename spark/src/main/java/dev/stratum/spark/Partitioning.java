package dev.stratum.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/** How the indexed samples are put into shards: sample {@code i} into partition {@code i mod W}. */
final class Partitioning {

  private Partitioning() {}

  /** Partition {@code i mod W} for the sample index {@code i}. */
  static final class ByWorker extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int workers;

    ByWorker(int workers) {
      this.workers = workers;
    }

    @Override
    public int numPartitions() {
      return workers;
    }

    @Override
    public int getPartition(Object key) {
      return (int) ((Long) key % workers);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByWorker b && b.workers == workers;
    }

    @Override
    public int hashCode() {
      return workers;
    }
  }

  /** Packs each partition into one {@link Shard}. */
  static final class BuildShard
      implements Function2<Integer, Iterator<Tuple2<Long, Sample>>, Iterator<Shard>> {
    private static final long serialVersionUID = 1L;
    private final int workers;
    private final int[] inputShape;
    private final int[] targetShape;

    BuildShard(int workers, int[] inputShape, int[] targetShape) {
      this.workers = workers;
      this.inputShape = inputShape.clone();
      this.targetShape = targetShape.clone();
    }

    @Override
    public Iterator<Shard> call(Integer partition, Iterator<Tuple2<Long, Sample>> pairs) {
      return List.of(Shard.build(partition, workers, pairs, inputShape, targetShape)).iterator();
    }
  }
}
