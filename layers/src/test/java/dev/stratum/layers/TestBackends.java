package dev.stratum.layers;

import dev.stratum.backend.Backends;
import java.util.List;

/** The backends present, for {@code @MethodSource("dev.stratum.layers.TestBackends#names")}. */
public final class TestBackends {

  private TestBackends() {}

  public static List<String> names() {
    List<String> names = Backends.availableNames();
    if (names.isEmpty()) {
      throw new IllegalStateException("no backend available: " + Backends.describe());
    }
    return names;
  }
}
