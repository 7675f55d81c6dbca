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
   * Elements below which a kernel stays on the calling thread (system property {@code
   * stratum.vector.grain}, for tuning). A hand-off to the pool wakes a parked worker, which costs
   * tens of microseconds on a virtual machine: about what 64K simple float operations take.
   */
  static final int GRAIN = Integer.getInteger("stratum.vector.grain", 65_536);

  private Simd() {}
}
