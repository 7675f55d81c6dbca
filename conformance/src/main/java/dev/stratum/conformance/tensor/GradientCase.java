package dev.stratum.conformance.tensor;

import dev.stratum.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * A differentiable function of a few tensors, with input shapes and a rule for drawing inputs that
 * keeps finite differences meaningful (away from kinks, ties and poles).
 *
 * @param name display name
 * @param shapes one shape per input
 * @param inputs how input values are drawn
 * @param secondOrder whether second derivatives are supported (false only for max pooling)
 * @param function the function under test
 */
public record GradientCase(
    String name,
    int[][] shapes,
    InputKind inputs,
    boolean secondOrder,
    Function<Tensor[], Tensor> function) {

  /** How to draw input values. */
  public enum InputKind {
    /** normal(0, 1). */
    ANY,
    /** uniform in [0.5, 2]: for log, sqrt, pow bases. */
    POSITIVE,
    /** magnitude in [0.3, 2] with a random sign: away from kinks and poles at 0. */
    AWAY_FROM_ZERO,
    /** a shuffled grid with spacing 0.1: no ties within a finite-difference step. */
    DISTINCT;

    float[] draw(int size, Random random) {
      float[] v = new float[size];
      switch (this) {
        case ANY -> {
          for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
          }
        }
        case POSITIVE -> {
          for (int i = 0; i < size; i++) {
            v[i] = 0.5f + 1.5f * random.nextFloat();
          }
        }
        case AWAY_FROM_ZERO -> {
          for (int i = 0; i < size; i++) {
            float magnitude = 0.3f + 1.7f * random.nextFloat();
            v[i] = random.nextBoolean() ? magnitude : -magnitude;
          }
        }
        case DISTINCT -> {
          for (int i = 0; i < size; i++) {
            v[i] = (i - size / 2) * 0.1f;
          }
          for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
          }
        }
      }
      return v;
    }
  }

  static GradientCase of(
      String name, InputKind kind, Function<Tensor[], Tensor> f, int[]... shapes) {
    return new GradientCase(name, shapes, kind, true, f);
  }

  @Override
  public String toString() {
    return name;
  }
}
