package dev.stratum.layers.activation;

import dev.stratum.tensor.Tensor;

/** The activations as plain functions of a tensor; each is differentiable. */
public final class Activations {

  private Activations() {}

  /** {@code max(x, 0)}. */
  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  /** {@code x > 0 ? x : slope·x}. */
  public static Tensor leakyRelu(Tensor x, float slope) {
    return x.leakyRelu(slope);
  }

  /** {@code x > 0 ? x : alpha·(eˣ - 1)}. */
  public static Tensor elu(Tensor x, float alpha) {
    return x.elu(alpha);
  }

  /** {@code 1 / (1 + e⁻ˣ)}. */
  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  /** Hyperbolic tangent. */
  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  /** Softmax along {@code axis} (numerically stable). */
  public static Tensor softmax(Tensor x, int axis) {
    return x.softmax(axis);
  }

  /** {@code log(1 + eˣ)}. */
  public static Tensor softplus(Tensor x) {
    return x.softplus();
  }

  /** GELU, tanh form (see {@link Tensor#gelu()}). */
  public static Tensor gelu(Tensor x) {
    return x.gelu();
  }

  /** GELU, exact form {@code x·Φ(x)} (see {@link Tensor#geluExact()}). */
  public static Tensor geluExact(Tensor x) {
    return x.geluExact();
  }

  /** The input itself. */
  public static Tensor identity(Tensor x) {
    return x;
  }
}
