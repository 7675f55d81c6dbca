package dev.stratum.conformance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tally of one kit run, kept apart for each outcome: passed, failed, unsupported (a kernel the
 * backend declared it cannot run, which failed as documented) and skipped (a case that could not
 * run, always with the reason in its name); and the fused kernels the backend offers as
 * capabilities.
 */
public final class ConformanceSummary {

  private final AtomicInteger passed = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger unsupported = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private volatile List<String> offered = List.of();

  void passed() {
    passed.incrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  void unsupported() {
    unsupported.incrementAndGet();
  }

  void skipped() {
    skipped.incrementAndGet();
  }

  void offers(List<String> capabilities) {
    offered = List.copyOf(capabilities);
  }

  /** The simple names of the fused kernels the backend offers, such as {@code FusedAdam}. */
  public List<String> offeredCapabilities() {
    return offered;
  }

  public int passedCount() {
    return passed.get();
  }

  public int failedCount() {
    return failed.get();
  }

  public int unsupportedCount() {
    return unsupported.get();
  }

  public int skippedCount() {
    return skipped.get();
  }

  /**
   * {@code conformance vector: 812 passed, 0 failed, 3 unsupported, 0 skipped; fused kernels
   * offered: FusedAdam, FusedAxpy} ({@code ...offered: none} for a backend that offers none).
   */
  public String line(String backendName) {
    return "conformance "
        + backendName
        + ": "
        + passedCount()
        + " passed, "
        + failedCount()
        + " failed, "
        + unsupportedCount()
        + " unsupported, "
        + skippedCount()
        + " skipped; fused kernels offered: "
        + (offered.isEmpty() ? "none" : String.join(", ", offered));
  }
}
