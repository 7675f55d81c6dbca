package dev.stratum.nn;

/** How a loss combines its per-element (or per-sample) terms. */
public enum Reduction {
  /** The mean over every term. */
  MEAN,
  /** The sum of every term. */
  SUM,
  /** No reduction: one term per element or sample. */
  NONE
}
