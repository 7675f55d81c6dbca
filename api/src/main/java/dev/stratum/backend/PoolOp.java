package dev.stratum.backend;

/**
 * Two-dimensional pooling. {@link #MAX} ignores padding; {@link #AVG} divides by the whole window
 * area, padding included (PyTorch's default {@code count_include_pad=True}).
 */
public enum PoolOp {
  MAX,
  AVG
}
