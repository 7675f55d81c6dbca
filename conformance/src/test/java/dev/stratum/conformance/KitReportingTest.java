package dev.stratum.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BinaryOp;
import dev.stratum.backend.Storage;
import dev.stratum.backend.fused.Capabilities;
import dev.stratum.backend.fused.FusedAxpy;
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
    // the tensor-level checks need every kernel, so they are all skipped here, with the reason;
    // the backend offers no fused kernel, so there are no fused cases to skip
    int skipped = ConcurrencyConformance.cases().size() + TensorChecks.all(null).size();
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
            "[skipped: needs fill, declared unsupported] tensor: biasActivation against add then"
                + " activation",
            "binary ADD [17] x [1]");
    assertThat(run.names).noneMatch(name -> name.contains("Fused"));
    assertThat(PartialKit.last.offeredCapabilities()).isEmpty();
    assertThat(PartialKit.last.line("partial")).endsWith("skipped; fused kernels offered: none");
  }

  @Test
  void anOfferedFusedKernelIsCheckedAndNamedInTheLastLine() {
    Run run = run(ExactAxpyKit.class);

    int axpyCases = 2 * Inputs.SIZES.length;
    assertThat(run.summary.getTotalFailureCount()).isZero();
    assertThat(run.names.stream().filter(name -> name.startsWith("FusedAxpy alpha ")))
        .hasSize(axpyCases)
        .contains("FusedAxpy alpha 0.75 [1021]");
    assertThat(ExactAxpyKit.last.offeredCapabilities()).containsExactly("FusedAxpy");
    assertThat(ExactAxpyKit.last.line("scalar"))
        .isEqualTo(
            "conformance scalar: "
                + ExactAxpyKit.last.passedCount()
                + " passed, 0 failed, 0 unsupported, 0 skipped; fused kernels offered: FusedAxpy");
  }

  @Test
  void aFusedKernelThatRoundsOnceWhereItsCompositionRoundsTwiceFails() {
    Run run = run(ContractingAxpyKit.class);

    // a fused multiply-add is closer to the oracle, so only the bit-for-bit comparison catches it
    assertThat(run.summary.getTotalFailureCount()).isPositive();
    assertThat(run.failures)
        .allMatch(
            message ->
                message.startsWith("FusedAxpy against binary MUL then ADD: not bit-identical"));
    assertThat(ContractingAxpyKit.last.failedCount())
        .isEqualTo((int) run.summary.getTotalFailureCount());
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

  /** Offers a FusedAxpy that rounds the product and the sum apart, as the composition does. */
  @Disabled("run by KitReportingTest")
  static final class ExactAxpyKit extends BackendConformanceKit {
    static ConformanceSummary last;

    @Override
    protected Backend createBackend() {
      return withAxpy("exact axpy", false);
    }

    @AfterAll
    void keep() {
      last = summary();
    }
  }

  /** Offers a FusedAxpy computed with Math.fma: one rounding instead of two. */
  @Disabled("run by KitReportingTest, which expects it to fail")
  static final class ContractingAxpyKit extends BackendConformanceKit {
    static ConformanceSummary last;

    @Override
    protected Backend createBackend() {
      return withAxpy("axpy with fma", true);
    }

    @AfterAll
    void keep() {
      last = summary();
    }
  }

  /** The scalar backend offering a FusedAxpy computed on the host, with or without an fma. */
  private static Backend withAxpy(String label, boolean fma) {
    Backend[] self = new Backend[1];
    FusedAxpy axpy =
        (alpha, x, y, count) -> {
          float[] xs = new float[count];
          float[] ys = new float[count];
          self[0].download(x, 0, xs, 0, count);
          self[0].download(y, 0, ys, 0, count);
          for (int i = 0; i < count; i++) {
            ys[i] = fma ? Math.fma(alpha, xs[i], ys[i]) : ys[i] + alpha * xs[i];
          }
          self[0].upload(ys, 0, y, 0, count);
        };
    self[0] = scalar(label, Set.of(), false, Capabilities.none().with(FusedAxpy.class, axpy));
    return self[0];
  }

  /**
   * The scalar backend, throwing UnsupportedOperationException for the named kernels ("binary POW"
   * for one op), and optionally dropping the release of 7-element storages.
   */
  private static Backend withMissing(String label, Set<String> missing, boolean leakSevens) {
    return scalar(label, missing, leakSevens, Capabilities.none());
  }

  private static Backend scalar(
      String label, Set<String> missing, boolean leakSevens, Capabilities offered) {
    Backend core = new ScalarBackend();
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("name")) {
            return "scalar (" + label + ", on purpose)";
          }
          if (name.equals("capability")) {
            return offered.find((Class<?>) args[0]);
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
