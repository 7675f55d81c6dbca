package dev.stratum.backend;

/**
 * Distributions that {@link Backend#random} draws from, all derived from the Philox stream defined
 * in {@link dev.stratum.random.Philox}. The meaning of the two parameters:
 *
 * <ul>
 *   <li>{@link #UNIFORM}: low, high; {@code low + (high - low) * u} with {@code u} in [0, 1).
 *   <li>{@link #NORMAL}: mean, standard deviation (Box-Muller, see {@link
 *       dev.stratum.random.Philox}).
 *   <li>{@link #BERNOULLI}: p, unused; 1 with probability p, else 0 ({@code u < p}).
 * </ul>
 */
public enum Distribution {
  UNIFORM,
  NORMAL,
  BERNOULLI
}
