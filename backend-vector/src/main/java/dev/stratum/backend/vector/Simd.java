package dev.stratum.backend.vector;

import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every kernel uses, chosen once at start-up (the widest this CPU runs well),
 * the splitting thresholds shared by the kernels, and the constant shuffles and masks they build
 * from a function of the lane. Loading this class needs the incubator module, so only classes
 * reached from {@link VectorBackendProvider#create} touch it.
 */
final class Simd {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /**
   * Half of {@link #SPECIES} where that has 16 lanes or more (AVX-512: 8 lanes of 256 bits, as fast
   * per lane on the rows too short for a full vector), else null.
   */
  static final VectorSpecies<Float> HALF =
      LANES >= 16 ? SPECIES.withShape(VectorShape.forBitSize(SPECIES.vectorBitSize() / 2)) : null;

  /** Lanes of {@link #HALF}; 0 where there is none. */
  static final int HALF_LANES = HALF == null ? 0 : HALF.length();

  /**
   * Elements below which a kernel stays on the calling thread (system property {@code
   * stratum.vector.grain}, for tuning). A hand-off to the pool wakes a parked worker, which costs
   * tens of microseconds on a virtual machine: about what 64K simple float operations take.
   */
  static final int GRAIN = Integer.getInteger("stratum.vector.grain", 65_536);

  private Simd() {}

  /** The shuffle that puts lane {@code from(j)} of its source in lane {@code j}. */
  static VectorShuffle<Float> shuffle(IntUnaryOperator from) {
    int[] lanes = new int[LANES];
    for (int j = 0; j < LANES; j++) {
      lanes[j] = from.applyAsInt(j);
    }
    return VectorShuffle.fromArray(SPECIES, lanes, 0);
  }

  /** The mask set in the lanes {@code j} where {@code set} holds. */
  static VectorMask<Float> mask(IntPredicate set) {
    boolean[] lanes = new boolean[LANES];
    for (int j = 0; j < LANES; j++) {
      lanes[j] = set.test(j);
    }
    return VectorMask.fromArray(SPECIES, lanes, 0);
  }
}
