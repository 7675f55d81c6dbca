package dev.stratum.backend.vector;

import java.util.Optional;

/**
 * Child JVM of {@link GemmPackingTest}: checks every B case of the test with this JVM's lane count
 * (capped by the parent with {@code -XX:MaxVectorSize}) and prints {@code lanes=N}, each mismatch
 * and {@code mismatches=M}.
 */
final class GemmPackingChild {

  private GemmPackingChild() {}

  public static void main(String[] args) {
    System.out.println("lanes=" + GemmKernels.LANES);
    int mismatches = 0;
    for (String bCase : GemmPackingTest.B_CASES) {
      Optional<String> mismatch = GemmPackingTest.packBMismatch(bCase);
      if (mismatch.isPresent()) {
        System.out.println(mismatch.get());
        mismatches++;
      }
    }
    System.out.println("mismatches=" + mismatches);
  }
}
