package dev.stratum.spark;

import dev.stratum.backend.Backend;
import dev.stratum.data.Batch;
import dev.stratum.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * One worker's samples, packed into two flat arrays in shard order (position {@code p} is sample
 * {@code p·W + worker} of the RDD, see {@link DataPlan}); the one element of each partition of the
 * cached training RDD. Built on the executor, where the samples are checked against the shapes.
 */
final class Shard implements Serializable {

  private static final long serialVersionUID = 1L;

  final int worker;
  final int count;
  private final int[] inputShape;
  private final int[] targetShape;
  private final int inputSize;
  private final int targetSize;
  private final float[] inputs;
  private final float[] targets;

  private Shard(
      int worker, int count, int[] inputShape, int[] targetShape, float[] inputs, float[] targets) {
    this.worker = worker;
    this.count = count;
    this.inputShape = inputShape;
    this.targetShape = targetShape;
    this.inputSize = elements(inputShape);
    this.targetSize = elements(targetShape);
    this.inputs = inputs;
    this.targets = targets;
  }

  /**
   * Packs the {@code (index, sample)} pairs of partition {@code worker}; each index must belong to
   * this worker, each sample must have the shapes' element counts.
   */
  static Shard build(
      int worker,
      int workers,
      Iterator<Tuple2<Long, Sample>> pairs,
      int[] inputShape,
      int[] targetShape) {
    int inputSize = elements(inputShape);
    int targetSize = elements(targetShape);
    List<Tuple2<Long, Sample>> all = new ArrayList<>();
    pairs.forEachRemaining(all::add);
    all.sort((a, b) -> Long.compare(a._1(), b._1()));
    float[] inputs = new float[Math.multiplyExact(all.size(), inputSize)];
    float[] targets = new float[Math.multiplyExact(all.size(), targetSize)];
    for (int p = 0; p < all.size(); p++) {
      long index = all.get(p)._1();
      Sample s = all.get(p)._2();
      if (index != (long) p * workers + worker) {
        throw new IllegalStateException(
            "spark trainer: partition "
                + worker
                + " holds sample "
                + index
                + " at position "
                + p
                + ", expected sample "
                + ((long) p * workers + worker));
      }
      check(index, "features", s.features().length, inputSize, inputShape);
      check(index, "labels", s.labels().length, targetSize, targetShape);
      System.arraycopy(s.features(), 0, inputs, p * inputSize, inputSize);
      System.arraycopy(s.labels(), 0, targets, p * targetSize, targetSize);
    }
    return new Shard(worker, all.size(), inputShape, targetShape, inputs, targets);
  }

  /** The samples at shard {@code positions}, as one batch on {@code backend}. */
  Batch batch(Backend backend, int[] positions) {
    int n = positions.length;
    float[] x = new float[n * inputSize];
    float[] y = new float[n * targetSize];
    for (int i = 0; i < n; i++) {
      System.arraycopy(inputs, positions[i] * inputSize, x, i * inputSize, inputSize);
      System.arraycopy(targets, positions[i] * targetSize, y, i * targetSize, targetSize);
    }
    return new Batch(
        Tensor.of(backend, x, batchShape(n, inputShape)),
        Tensor.of(backend, y, batchShape(n, targetShape)));
  }

  private static void check(long index, String what, int actual, int expected, int[] shape) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "spark trainer: sample "
              + index
              + " has "
              + actual
              + " "
              + what
              + ", but the shape "
              + Arrays.toString(shape)
              + " needs "
              + expected);
    }
  }

  private static int[] batchShape(int n, int[] sample) {
    int[] shape = new int[sample.length + 1];
    shape[0] = n;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return shape;
  }

  static int elements(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
