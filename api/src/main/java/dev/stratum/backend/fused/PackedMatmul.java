package dev.stratum.backend.fused;

import dev.stratum.backend.Storage;

/**
 * Products {@code C = A·op(W)} against a right-hand operand that stays the same over many products
 * (a recurrent layer's {@code W_hh} at every step of a sequence), with {@code op(W)} rearranged
 * once into the layout the backend's matrix kernel reads, instead of once per product.
 *
 * <p>The packed operand lives in an ordinary storage of {@link #packedSize} floats that the caller
 * allocates and frees like any other, so its lifetime follows the tensor that holds it; its layout
 * is the backend's own and may differ between machines. {@link #multiply} gives, bit for bit, what
 * {@link dev.stratum.backend.Backend#matmul} gives with {@code MatmulSpec(1, m, n, k, false,
 * transposed, m·k, k·n)} on the unpacked W, which is what code that uses this capability runs on a
 * backend that does not offer it; the kit checks both, and against a double-precision reference.
 */
public interface PackedMatmul {

  /** Floats a packed {@code op(W)} of {@code k} rows and {@code n} columns takes. */
  int packedSize(int k, int n);

  /**
   * Rearranges {@code op(W)} into {@code packed}: W is stored {@code [k, n]}, or {@code [n, k]}
   * when {@code transposed}; later writes to W do not reach the packed copy.
   */
  void pack(Storage w, int k, int n, boolean transposed, Storage packed);

  /**
   * {@code C [m, n] = A [m, k] · op(W)}, C overwritten, from a {@link #pack packed} {@code op(W)}.
   */
  void multiply(Storage a, int m, int k, int n, Storage packed, Storage c);
}
