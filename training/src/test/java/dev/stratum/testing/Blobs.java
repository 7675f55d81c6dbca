package dev.stratum.testing;

import java.util.Random;

/**
 * Gaussian blobs: {@code classes} clusters in {@code features} dimensions, class indices as
 * targets. Generated from a seed, so every test sees the same data.
 */
public record Blobs(float[] inputs, float[] labels, int features, int classes) {

  public static Blobs generate(int samples, int features, int classes, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[classes][features];
    for (float[] c : centres) {
      for (int f = 0; f < features; f++) {
        c[f] = (float) (3 * random.nextGaussian());
      }
    }
    float[] x = new float[samples * features];
    float[] y = new float[samples];
    for (int s = 0; s < samples; s++) {
      int c = s % classes;
      y[s] = c;
      for (int f = 0; f < features; f++) {
        x[s * features + f] = centres[c][f] + (float) random.nextGaussian();
      }
    }
    return new Blobs(x, y, features, classes);
  }
}
