package dev.stratum.autoencoders;

import java.util.Random;

/** Reproducible test inputs. */
final class FiniteDifferencesData {

  private FiniteDifferencesData() {}

  /** Normal(0, 1) values. */
  static float[] values(int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Uniform values in [0.05, 0.95), like pixels away from the ends. */
  static float[] unit(int size, long seed) {
    Random r = new Random(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = 0.05f + 0.9f * r.nextFloat();
    }
    return v;
  }
}
