package dev.stratum.backend;

/**
 * Reductions along one axis (see {@link Backend#reduce}). {@link #SUM} of an empty extent is 0;
 * {@link #MAX} and {@link #MIN} need a non-empty extent and propagate NaN.
 */
public enum ReduceOp {
  SUM,
  MAX,
  MIN
}
