package dev.stratum.testing;

import dev.stratum.backend.Backend;
import dev.stratum.data.Batch;
import dev.stratum.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Batches over in-memory arrays, reshuffled each epoch from a seed: epoch {@code e} of two loaders
 * with the same seed visits the samples in the same order. The last batch may be partial.
 */
public final class ArrayLoader implements Iterable<Batch> {

  private final Backend backend;
  private final float[] inputs;
  private final int features;
  private final float[] targets;
  private final int targetWidth;
  private final int batchSize;
  private final long seed;
  private final int samples;
  private int epoch;

  /** Targets are {@code [n]} (width 0) or {@code [n, targetWidth]}. */
  public ArrayLoader(
      Backend backend,
      float[] inputs,
      int features,
      float[] targets,
      int targetWidth,
      int batchSize,
      long seed) {
    this.backend = backend;
    this.inputs = inputs;
    this.features = features;
    this.targets = targets;
    this.targetWidth = targetWidth;
    this.batchSize = batchSize;
    this.seed = seed;
    this.samples = inputs.length / features;
  }

  public int samples() {
    return samples;
  }

  @Override
  public Iterator<Batch> iterator() {
    int[] order = new int[samples];
    for (int i = 0; i < samples; i++) {
      order[i] = i;
    }
    if (seed >= 0) {
      Random random = new Random(seed * 1_000_003L + epoch++);
      for (int i = samples - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < samples;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = Math.min(batchSize, samples - next);
        int width = Math.max(1, targetWidth);
        float[] x = new float[n * features];
        float[] y = new float[n * width];
        for (int i = 0; i < n; i++) {
          int s = order[next + i];
          System.arraycopy(inputs, s * features, x, i * features, features);
          System.arraycopy(targets, s * width, y, i * width, width);
        }
        next += n;
        Tensor yt =
            targetWidth == 0 ? Tensor.of(backend, y, n) : Tensor.of(backend, y, n, targetWidth);
        return new Batch(Tensor.of(backend, x, n, features), yt);
      }
    };
  }
}
