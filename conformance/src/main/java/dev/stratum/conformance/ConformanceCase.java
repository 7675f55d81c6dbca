package dev.stratum.conformance;

import java.util.Objects;
import java.util.Set;

/**
 * One check of the kit: a display name, the kernel under test (and the variant, such as an op name,
 * that a backend may declare unsupported on its own), the other kernels it needs to set up or that
 * a default implementation calls, and the body.
 */
public record ConformanceCase(
    String name, Kernel kernel, String variant, Set<Kernel> needs, Body body) {

  /** The check itself; it allocates through the workspace, which releases everything afterwards. */
  @FunctionalInterface
  public interface Body {
    void run(Workspace ws);
  }

  public ConformanceCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(variant, "variant");
    needs = Set.copyOf(needs);
    Objects.requireNonNull(body, "body");
  }

  /** A case that needs nothing but memory transfers besides its own kernel. */
  public static ConformanceCase of(String name, Kernel kernel, String variant, Body body) {
    return new ConformanceCase(name, kernel, variant, Set.of(), body);
  }

  /** A case of a kernel without variants. */
  public static ConformanceCase of(String name, Kernel kernel, Body body) {
    return of(name, kernel, "", body);
  }
}
