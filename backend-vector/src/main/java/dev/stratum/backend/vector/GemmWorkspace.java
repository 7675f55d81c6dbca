package dev.stratum.backend.vector;

/**
 * Per-thread packing buffers of {@link VectorGemm}. Each thread that runs a GEMM chunk keeps one
 * workspace for its lifetime (a {@link ThreadLocal}), so steady-state calls allocate nothing; each
 * buffer grows to the largest block a thread has seen and never shrinks.
 */
final class GemmWorkspace {

  private static final ThreadLocal<GemmWorkspace> PER_THREAD =
      ThreadLocal.withInitial(GemmWorkspace::new);

  private float[] packedA = new float[0];
  private float[] packedB = new float[0];
  private float[] tile = new float[0];
  private float[] wholeA = new float[0];
  private float[] wholeB = new float[0];
  private float[] transposedC = new float[0];

  private GemmWorkspace() {}

  static GemmWorkspace current() {
    return PER_THREAD.get();
  }

  /** The buffer for a packed A block ({@code mc × kc}), at least {@code size} floats long. */
  float[] packedA(int size) {
    return packedA = atLeast(packedA, size);
  }

  /** The buffer for a packed B block ({@code kc × nc}), at least {@code size} floats long. */
  float[] packedB(int size) {
    return packedB = atLeast(packedB, size);
  }

  /** The buffer for all of an A shared by a batch, packed, at least {@code size} floats long. */
  float[] wholeA(int size) {
    return wholeA = atLeast(wholeA, size);
  }

  /** The buffer for all of a B shared by a batch, packed, at least {@code size} floats long. */
  float[] wholeB(int size) {
    return wholeB = atLeast(wholeB, size);
  }

  /** The scratch C tile for edge tiles ({@code mr × NR}), at least {@code size} floats long. */
  float[] tile(int size) {
    return tile = atLeast(tile, size);
  }

  /** The buffer for {@code Cᵀ} of a product computed with its operands swapped. */
  float[] transposedC(int size) {
    return transposedC = atLeast(transposedC, size);
  }

  private static float[] atLeast(float[] buffer, int size) {
    return buffer.length < size ? new float[size] : buffer;
  }
}
