package dev.stratum.optimizers;

import dev.stratum.backend.Backends;
import java.util.List;

/** The backends the tests run on: every one present. */
public final class TestBackends {

  private TestBackends() {}

  /** For {@code @MethodSource("dev.stratum.optimizers.TestBackends#names")}. */
  public static List<String> names() {
    return Backends.availableNames();
  }
}
