package dev.stratum.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Seeded train/validation and k-fold splits of a {@link Dataset}, returned as {@linkplain
 * Dataset#subset views} (indices in ascending order; a loader shuffles them anyway).
 *
 * <p>Both shuffle the sample indices with {@link Shuffle#permutation(long, long, int)
 * Shuffle.permutation(seed, 0, n)}. A stratified split does that within each class (class {@code c}
 * uses stream {@code c + 1}) so that every part holds the classes in the proportions of the whole;
 * classes are read from the targets: a class index, or the largest entry of a one-hot vector.
 */
public final class Splits {

  private Splits() {}

  /** A training part and a validation part, disjoint, together the whole data set. */
  public record TrainValidation(Dataset train, Dataset validation) {}

  /** Fold {@code index} of a k-fold split: validation is the fold, train the other folds. */
  public record Fold(int index, Dataset train, Dataset validation) {}

  /**
   * Puts {@code round(validationFraction · n)} randomly chosen samples into validation and the rest
   * into train. Stratified, each class contributes {@code round(validationFraction · n_c)}.
   */
  public static TrainValidation trainValidation(
      Dataset dataset, double validationFraction, long seed, boolean stratified) {
    if (!(validationFraction >= 0 && validationFraction <= 1)) {
      throw new IllegalArgumentException(
          "trainValidation: the validation fraction " + validationFraction + " is not in [0, 1]");
    }
    List<int[]> groups = groups(dataset, seed, stratified);
    int n = dataset.size();
    boolean[] validation = new boolean[n];
    for (int[] group : groups) {
      int count = (int) Math.round(validationFraction * group.length);
      for (int i = 0; i < count; i++) {
        validation[group[i]] = true;
      }
    }
    return new TrainValidation(
        dataset.subset(select(validation, false)), dataset.subset(select(validation, true)));
  }

  /** {@link #trainValidation(Dataset, double, long, boolean)}, not stratified. */
  public static TrainValidation trainValidation(
      Dataset dataset, double validationFraction, long seed) {
    return trainValidation(dataset, validationFraction, seed, false);
  }

  /**
   * Splits into {@code k} folds of sizes differing by at most one: the shuffled indices (class by
   * class when stratified) are dealt to folds 0, 1, ..., k−1, 0, 1, ... in turn, so a stratified
   * fold also holds each class to within one sample of its share.
   */
  public static List<Fold> kFold(Dataset dataset, int k, long seed, boolean stratified) {
    int n = dataset.size();
    if (k < 2 || k > n) {
      throw new IllegalArgumentException(
          "kFold: need 2 <= k <= " + n + " (the number of samples), got k = " + k);
    }
    int[] fold = new int[n];
    int position = 0;
    for (int[] group : groups(dataset, seed, stratified)) {
      for (int index : group) {
        fold[index] = position++ % k;
      }
    }
    List<Fold> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      boolean[] inFold = new boolean[n];
      for (int i = 0; i < n; i++) {
        inFold[i] = fold[i] == f;
      }
      folds.add(
          new Fold(f, dataset.subset(select(inFold, false)), dataset.subset(select(inFold, true))));
    }
    return List.copyOf(folds);
  }

  /** The class of each sample: its target as a class index, or the arg-max of a one-hot target. */
  public static int[] classes(Dataset dataset) {
    int n = dataset.size();
    int[] classes = new int[n];
    float[] target = new float[dataset.targetSize()];
    for (int i = 0; i < n; i++) {
      dataset.copyTarget(i, target, 0);
      if (target.length == 1) {
        float t = target[0];
        if (!(t >= 0 && t == Math.rint(t) && t < (1 << 24))) {
          throw new IllegalArgumentException(
              "stratified split: sample " + i + " has target " + t + ", not a class index");
        }
        classes[i] = (int) t;
      } else {
        int best = 0;
        for (int j = 1; j < target.length; j++) {
          if (target[j] > target[best]) {
            best = j;
          }
        }
        classes[i] = best;
      }
    }
    return classes;
  }

  /** The shuffled indices: one group, or one per class in class order. */
  private static List<int[]> groups(Dataset dataset, long seed, boolean stratified) {
    int n = dataset.size();
    if (!stratified) {
      return List.of(Shuffle.permutation(seed, 0, n));
    }
    int[] classes = classes(dataset);
    TreeMap<Integer, int[]> byClass = new TreeMap<>();
    int[] counts = new int[Arrays.stream(classes).max().orElse(-1) + 1];
    for (int c : classes) {
      counts[c]++;
    }
    int[] filled = new int[counts.length];
    for (int i = 0; i < n; i++) {
      int c = classes[i];
      byClass.computeIfAbsent(c, x -> new int[counts[x]])[filled[c]++] = i;
    }
    List<int[]> groups = new ArrayList<>();
    byClass.forEach(
        (c, members) -> {
          Shuffle.shuffle(members, seed, c + 1L);
          groups.add(members);
        });
    return groups;
  }

  private static int[] select(boolean[] flags, boolean value) {
    int count = 0;
    for (boolean f : flags) {
      count += f == value ? 1 : 0;
    }
    int[] out = new int[count];
    for (int i = 0, j = 0; i < flags.length; i++) {
      if (flags[i] == value) {
        out[j++] = i;
      }
    }
    return out;
  }
}
