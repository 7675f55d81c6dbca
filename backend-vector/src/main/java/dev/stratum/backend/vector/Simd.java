package dev.stratum.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every kernel uses, chosen once at start-up (the widest this CPU runs well),
 * and the splitting thresholds shared by the kernels. Loading this class needs the incubator
 * module, so only classes reached from {@link VectorBackendProvider#create} touch it.
 */
final class Simd {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /**
   * Elements below which a kernel stays on the calling thread; a hand-off to the pool costs a few
   * microseconds, about what 16K simple float operations take.
   */
  static final int GRAIN = 16_384;

  private Simd() {}
}
