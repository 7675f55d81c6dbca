package dev.stratum.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * {@link Synchronisation#SLICED_ALL_REDUCE}: the workers' {@link Contribution}s summed slice by
 * slice on the executors (a shuffle into one partition per slice), then the summed slices gathered
 * on the driver and put back together.
 *
 * <p>Slice {@code i} of a vector of {@code L} values is {@code [i·L/n, (i+1)·L/n)}, so the slices
 * of an odd length differ by one value, and some are empty when {@code L < n}. Every slice carries
 * the task's sample count and step count; only slice 0 carries the loss and the optimizer state's
 * layout, so that each is counted once, and {@link Contribution#merge} checks lengths, layouts and
 * steps slice by slice as it does whole vectors.
 */
final class SlicedAllReduce {

  private SlicedAllReduce() {}

  /** The sum of {@code contributions} (one per task), as {@code treeAggregate} would give it. */
  static Contribution sum(JavaRDD<Contribution> contributions, int slices) {
    List<Tuple2<Integer, Contribution>> summed =
        contributions
            .flatMapToPair(new Split(slices))
            .reduceByKey(new HashPartitioner(slices), Contribution::merge)
            .collect();
    return gather(summed, slices);
  }

  /** Cuts one task's contribution into {@code slices} keyed slices. */
  static final class Split implements PairFlatMapFunction<Contribution, Integer, Contribution> {
    private static final long serialVersionUID = 1L;
    private final int slices;

    Split(int slices) {
      this.slices = slices;
    }

    @Override
    public Iterator<Tuple2<Integer, Contribution>> call(Contribution whole) {
      List<Tuple2<Integer, Contribution>> out = new ArrayList<>(slices);
      int length = whole.values.length;
      for (int i = 0; i < slices; i++) {
        int from = bound(i, length, slices);
        int to = bound(i + 1, length, slices);
        Contribution part = new Contribution();
        part.values = Arrays.copyOfRange(whole.values, from, to);
        part.samples = whole.samples;
        part.steps = whole.steps;
        if (i == 0) {
          part.lossSum = whole.lossSum;
          part.stateLayout = whole.stateLayout;
        }
        out.add(new Tuple2<>(i, part));
      }
      return out.iterator();
    }
  }

  /** The start of slice {@code i} of {@code length} values cut into {@code slices}. */
  static int bound(int i, int length, int slices) {
    return (int) ((long) i * length / slices);
  }

  /** Puts the summed slices back into one contribution, checking that each is there once. */
  static Contribution gather(List<Tuple2<Integer, Contribution>> summed, int slices) {
    Contribution[] parts = new Contribution[slices];
    for (Tuple2<Integer, Contribution> t : summed) {
      int i = t._1();
      if (i < 0 || i >= slices) {
        throw new IllegalStateException(
            "spark trainer: the sliced all-reduce gave slice "
                + i
                + ", outside 0.."
                + (slices - 1));
      }
      if (parts[i] != null) {
        throw new IllegalStateException(
            "spark trainer: the sliced all-reduce gave slice " + i + " twice");
      }
      parts[i] = t._2();
    }
    int length = 0;
    for (int i = 0; i < slices; i++) {
      if (parts[i] == null) {
        throw new IllegalStateException(
            "spark trainer: the sliced all-reduce lost slice " + i + " of 0.." + (slices - 1));
      }
      if (parts[i].samples != parts[0].samples) {
        throw new IllegalStateException(
            "spark trainer: slice "
                + i
                + " of the all-reduce summed "
                + parts[i].samples
                + " samples, slice 0 "
                + parts[0].samples
                + "; every task must send every slice");
      }
      length += parts[i].values.length;
    }
    Contribution whole = new Contribution();
    whole.values = new float[length];
    int at = 0;
    for (Contribution part : parts) {
      System.arraycopy(part.values, 0, whole.values, at, part.values.length);
      at += part.values.length;
    }
    whole.samples = parts[0].samples;
    whole.steps = parts[0].steps;
    whole.lossSum = parts[0].lossSum;
    whole.stateLayout = parts[0].stateLayout;
    return whole;
  }
}
