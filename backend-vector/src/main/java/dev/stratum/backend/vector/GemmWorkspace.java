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

  private GemmWorkspace() {}

  static GemmWorkspace current() {
    return PER_THREAD.get();
  }

  /** The buffer for a packed A block ({@code mc × kc}), at least {@code size} floats long. */
  float[] packedA(int size) {
    if (packedA.length < size) {
      packedA = new float[size];
    }
    return packedA;
  }

  /** The buffer for a packed B block ({@code kc × nc}), at least {@code size} floats long. */
  float[] packedB(int size) {
    if (packedB.length < size) {
      packedB = new float[size];
    }
    return packedB;
  }

  /** The buffer for all of an A shared by a batch, packed, at least {@code size} floats long. */
  float[] wholeA(int size) {
    if (wholeA.length < size) {
      wholeA = new float[size];
    }
    return wholeA;
  }

  /** The buffer for all of a B shared by a batch, packed, at least {@code size} floats long. */
  float[] wholeB(int size) {
    if (wholeB.length < size) {
      wholeB = new float[size];
    }
    return wholeB;
  }

  /** The scratch C tile for edge tiles ({@code mr × NR}), at least {@code size} floats long. */
  float[] tile(int size) {
    if (tile.length < size) {
      tile = new float[size];
    }
    return tile;
  }
}
