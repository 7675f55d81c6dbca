package dev.stratum.backend.vector;

/**
 * Per-thread packing buffers of {@link VectorGemm}. Each thread that runs a GEMM chunk keeps one
 * workspace for its lifetime (a {@link ThreadLocal}), so steady-state calls allocate nothing; the
 * B buffer grows to the largest block a thread has seen and never shrinks.
 */
final class GemmWorkspace {

  private static final ThreadLocal<GemmWorkspace> PER_THREAD =
      ThreadLocal.withInitial(GemmWorkspace::new);

  /** Packed A block, {@code MC × KC}. */
  final float[] packedA;

  /** Packed B block, up to {@code KC × NC}; grown on demand. */
  float[] packedB = new float[0];

  /** One C tile for edge tiles, which are computed here and then copied partially into C. */
  final float[] tile;

  private GemmWorkspace() {
    packedA = new float[VectorGemm.MC * VectorGemm.KC];
    tile = new float[VectorGemm.MR * GemmKernels.NR];
  }

  static GemmWorkspace current() {
    return PER_THREAD.get();
  }

  /** The B buffer, at least {@code size} floats long. */
  float[] packedB(int size) {
    if (packedB.length < size) {
      packedB = new float[size];
    }
    return packedB;
  }
}
