package dev.stratum.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.conformance.scalar.ScalarBackend;
import dev.stratum.conformance.tensor.TensorChecks;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The kit's own reporting: it runs the kit, through the JUnit launcher, on scalar backends broken
 * on purpose, and checks what gets counted and how cases are named. The kits below are disabled so
 * that nothing else runs them; the launcher here switches that condition off.
 */
class KitReportingTest {

  @Test
  void declaredUnsupportedKernelsAreCheckedCountedAndNamedApart() {
    Run run = run(PartialKit.class);

    int unsupported =
        MatmulConformance.cases().size()
            + RandomConformance.cases(0).size()
            + (int)
                MemoryConformance.cases().stream().filter(c -> c.kernel() == Kernel.FILL).count()
            + (int)
                BinaryConformance.cases().stream().filter(c -> c.variant().equals("POW")).count();
    // the tensor-level checks need every kernel, so they are all skipped here, with the reason
    int skipped =
        FusedConformance.cases().size()
            + ConcurrencyConformance.cases().size()
            + TensorChecks.all(null).size();
    assertThat(run.summary.getTotalFailureCount()).isZero();
    assertThat(run.summary.getTestsAbortedCount())
        .isEqualTo(skipped); // surefire shows these as skipped
    assertThat(PartialKit.last.failedCount()).isZero();
    assertThat(PartialKit.last.unsupportedCount()).isEqualTo(unsupported);
    assertThat(PartialKit.last.skippedCount()).isEqualTo(skipped);
    assertThat(PartialKit.last.passedCount())
        .isEqualTo(run.summary.getTestsSucceededCount() - unsupported);
    assertThat(run.names)
        .contains(
            "[unsupported] matmul transA 33x17x7",
            "[unsupported] binary POW [17] x [1]",
            "[skipped: needs fill, declared unsupported] axpy alpha 0.75 [7]",
            "binary ADD [17] x [1]");
  }

  @Test
  void aKernelDeclaredUnsupportedThatRunsFails() {
    Run run = run(OverlyModestKit.class);

    int copies = CopyConformance.cases().size();
    assertThat(run.summary.getTotalFailureCount()).isEqualTo(copies);
    assertThat(OverlyModestKit.last.failedCount()).isEqualTo(copies);
    assertThat(run.failures)
        .allMatch(message -> message.contains("declared unsupported, but copy ran"));
  }

  @Test
  void aBackendThatLeaksStoragesFails() {
    Run run = run(LeakyKit.class);

    assertThat(run.summary.getTotalFailureCount()).isPositive();
    assertThat(run.failures).allMatch(message -> message.startsWith("leak: liveStorages() was"));
    assertThat(LeakyKit.last.failedCount()).isEqualTo((int) run.summary.getTotalFailureCount());
  }

  /** Matmul, random, fill and POW declared unsupported, and failing as documented. */
  @Disabled("run by KitReportingTest")
  static final class PartialKit extends BackendConformanceKit {
    static ConformanceSummary last;

    @Override
    protected Backend createBackend() {
      return withMissing("partial", Set.of("matmul", "random", "fill", "binary POW"), false);
    }

    @Override
    protected Set<Kernel> unsupportedKernels() {
      return EnumSet.of(Kernel.MATMUL, Kernel.RANDOM, Kernel.FILL);
    }

    @Override
    protected boolean supports(Kernel kernel, String variant) {
      return super.supports(kernel, variant) && !(kernel == Kernel.BINARY && variant.equals("POW"));
    }

    @AfterAll
    void keep() {
      last = summary();
    }
  }

  /** Declares copy unsupported although it works. */
  @Disabled("run by KitReportingTest, which expects it to fail")
  static final class OverlyModestKit extends BackendConformanceKit {
    static ConformanceSummary last;

    @Override
    protected Backend createBackend() {
      return withMissing("overly modest", Set.of(), false);
    }

    @Override
    protected Set<Kernel> unsupportedKernels() {
      return EnumSet.of(Kernel.COPY);
    }

    @AfterAll
    void keep() {
      last = summary();
    }
  }

  /** Forgets to release storages of 7 elements. */
  @Disabled("run by KitReportingTest, which expects it to fail")
  static final class LeakyKit extends BackendConformanceKit {
    static ConformanceSummary last;

    @Override
    protected Backend createBackend() {
      return withMissing("leaky", Set.of(), true);
    }

    @AfterAll
    void keep() {
      last = summary();
    }
  }

  /**
   * The scalar backend, throwing UnsupportedOperationException for the named kernels ("binary POW"
   * for one op), and optionally dropping the release of 7-element storages.
   */
  private static Backend withMissing(String label, Set<String> missing, boolean leakSevens) {
    Backend core = new ScalarBackend();
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("name")) {
            return "scalar (" + label + ", on purpose)";
          }
          boolean pow = name.equals("binary") && args[0] == BinaryOp.POW;
          if (missing.contains(name) || (pow && missing.contains("binary POW"))) {
            throw new UnsupportedOperationException(
                name + " is not supported by this test backend");
          }
          if (leakSevens && name.equals("release") && ((Storage) args[0]).size() == 7) {
            return null;
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(core, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Backend)
        Proxy.newProxyInstance(
            Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, handler);
  }

  private record Run(TestExecutionSummary summary, List<String> names, List<String> failures) {}

  private static Run run(Class<?> kit) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(kit))
            .configurationParameter(
                "junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
            .build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    List<String> names = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    TestExecutionListener collector =
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier id, String reason) {
            names.add(id.getDisplayName());
          }

          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
              names.add(id.getDisplayName());
            }
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
              result.getThrowable().ifPresent(t -> failures.add(String.valueOf(t.getMessage())));
            }
          }
        };
    LauncherFactory.create().execute(request, summary, collector);
    return new Run(summary.getSummary(), names, failures);
  }
}
