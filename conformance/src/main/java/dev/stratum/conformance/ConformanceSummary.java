package dev.stratum.conformance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tally of one kit run, kept apart for each outcome: passed, failed, unsupported (a kernel the
 * backend declared it cannot run, which failed as documented) and skipped (a case that could not
 * run, always with the reason in its name).
 */
public final class ConformanceSummary {

  private final AtomicInteger passed = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger unsupported = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();

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

  /** {@code conformance vector: 812 passed, 0 failed, 3 unsupported, 0 skipped}. */
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
        + " skipped";
  }
}
