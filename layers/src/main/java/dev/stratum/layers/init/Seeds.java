package dev.stratum.layers.init;

import dev.stratum.tensor.Generator;

/**
 * The generator layers draw from when they are given none, like PyTorch's global seed: a program
 * that calls {@link #reset(long)} and then builds its layers in the same order gets the same
 * parameters on every run and every backend.
 */
public final class Seeds {

  /** The seed the default generator starts from. */
  public static final long DEFAULT_SEED = 0L;

  private static volatile Generator shared = new Generator(DEFAULT_SEED);

  private Seeds() {}

  /** The shared default generator (its draws are synchronised). */
  public static Generator defaultGenerator() {
    return shared;
  }

  /** Replaces the shared default generator by a fresh one for {@code seed}. */
  public static void reset(long seed) {
    shared = new Generator(seed);
  }
}
