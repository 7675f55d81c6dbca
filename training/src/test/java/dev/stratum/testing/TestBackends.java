package dev.stratum.testing;

import dev.stratum.backend.Backends;
import java.util.List;

/** The backends the tests run on: every one present (vector, opencl, the scalar reference). */
public final class TestBackends {

  private TestBackends() {}

  /** For {@code @MethodSource("dev.stratum.testing.TestBackends#names")}. */
  public static List<String> names() {
    return Backends.availableNames();
  }
}
