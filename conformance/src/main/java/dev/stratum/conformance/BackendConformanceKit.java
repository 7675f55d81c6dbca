package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.conformance.tensor.AutogradChecks;
import dev.stratum.conformance.tensor.ErrorChecks;
import dev.stratum.conformance.tensor.ForwardChecks;
import dev.stratum.conformance.tensor.GradientChecks;
import dev.stratum.conformance.tensor.LayerOpChecks;
import dev.stratum.conformance.tensor.MemoryChecks;
import dev.stratum.conformance.tensor.TensorCheck;
import dev.stratum.conformance.tensor.TrainingChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The conformance kit: extend it in a test class, create your backend in {@link #createBackend()},
 * and every kernel of {@link Backend} is checked against {@link ReferenceKernels}, each case
 * reported as its own test ({@code binary ADD [17] x [1]}, {@code matmul transA 33x17x7}, ...). To
 * name a provider instead of creating the backend, extend {@link ProviderConformanceKit}.
 *
 * <p>A backend that cannot run a kernel lists it in {@link #unsupportedKernels()} (or answers
 * {@link #supports} for single ops). Those cases then pass only if the kernel throws {@link
 * UnsupportedOperationException} naming it, as the SPI documents, and are reported with the prefix
 * {@code [unsupported]}. A case that needs another, unsupported kernel to set up is reported as
 * {@code [skipped: ...]} with the reason; nothing is skipped silently. After each case the kit
 * checks that {@link Backend#liveStorages()} is back where it started; at the end it prints {@code
 * conformance <backend>: P passed, F failed, U unsupported, S skipped; fused kernels offered: ...}.
 *
 * <p>Fused kernels are capabilities a backend offers or not ({@link Backend#capability}); the kit
 * checks each one offered against the oracle and, bit for bit, against the composition of core
 * kernels it replaces, and names the ones offered in that last line. A backend that offers none
 * passes the kit just the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD) // the leak check compares liveStorages() around each case
public abstract class BackendConformanceKit {

  private final ConformanceSummary summary = new ConformanceSummary();
  private Backend backend;

  /** Creates the backend under test; the kit closes it after the last case. */
  protected abstract Backend createBackend();

  /** Kernels this backend cannot run; none by default. {@link Kernel#MEMORY} is required. */
  protected Set<Kernel> unsupportedKernels() {
    return Set.of();
  }

  /**
   * Whether the backend runs {@code kernel} for {@code variant}: an op name such as {@code "POW"},
   * a distribution such as {@code "NORMAL"}, or {@code ""}. Override to declare single ops
   * unsupported; by default a kernel is supported unless {@link #unsupportedKernels()} lists it.
   */
  protected boolean supports(Kernel kernel, String variant) {
    return !unsupportedKernels().contains(kernel);
  }

  /**
   * Allowed difference of a {@code NORMAL} random element from {@link dev.stratum.random.Philox},
   * relative to {@code max(1, |expected|)}. Zero (bit-identical) by default; a device whose {@code
   * log}, {@code sin} or {@code cos} differ from Java's may override it, and must document the
   * value it chose.
   */
  protected double normalTolerance() {
    return 0;
  }

  /**
   * Cases a subclass adds to the kit's own, run and counted like them (under "additional cases").
   * None by default.
   */
  protected List<ConformanceCase> additionalCases() {
    return List.of();
  }

  /** The tally so far; complete after the last case. */
  protected final ConformanceSummary summary() {
    return summary;
  }

  @BeforeAll
  final void openBackend() {
    for (Kernel kernel : unsupportedKernels()) {
      if (kernel.required()) {
        throw new IllegalStateException(
            "kernel group " + kernel + " is required: the kit needs it to run any case");
      }
    }
    backend = createBackend();
    summary.offers(FusedConformance.offered(backend));
  }

  @AfterAll
  final void closeBackend() {
    String name = backend == null ? getClass().getSimpleName() + " (no backend)" : backend.name();
    System.out.println(summary.line(name));
    if (backend != null) {
      backend.close();
    }
  }

  @TestFactory
  final Stream<DynamicTest> memoryAndFill() {
    return tests(MemoryConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> copy() {
    return tests(CopyConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> unary() {
    return tests(UnaryConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> binaryAndWhere() {
    return tests(BinaryConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> reductions() {
    return tests(ReductionConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> matmul() {
    return tests(MatmulConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> indexing() {
    return tests(IndexingConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> convolutionAndPooling() {
    return tests(ConvolutionConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> random() {
    return tests(RandomConformance.cases(normalTolerance()));
  }

  @TestFactory
  final Stream<DynamicTest> fusedKernels() {
    return tests(FusedConformance.cases(backend));
  }

  @TestFactory
  final Stream<DynamicTest> concurrency() {
    return tests(ConcurrencyConformance.cases());
  }

  @TestFactory
  final Stream<DynamicTest> additional() {
    return tests(additionalCases());
  }

  // ---------------------------------------------------------------- tensor level

  @TestFactory
  final Stream<DynamicTest> tensorForward() {
    List<TensorCheck> checks = new ArrayList<>(ForwardChecks.all());
    checks.addAll(LayerOpChecks.all());
    return tensorTests(checks);
  }

  @TestFactory
  final Stream<DynamicTest> gradients() {
    return tensorTests(GradientChecks.firstOrder(backend));
  }

  @TestFactory
  final Stream<DynamicTest> secondDerivatives() {
    return tensorTests(GradientChecks.secondOrder(backend));
  }

  @TestFactory
  final Stream<DynamicTest> autograd() {
    return tensorTests(AutogradChecks.all());
  }

  @TestFactory
  final Stream<DynamicTest> errors() {
    return tensorTests(ErrorChecks.all());
  }

  @TestFactory
  final Stream<DynamicTest> memory() {
    return tensorTests(MemoryChecks.all());
  }

  @TestFactory
  final Stream<DynamicTest> training() {
    return tensorTests(TrainingChecks.all());
  }

  /**
   * Tensor-level checks use every kernel, so a backend that declares any kernel unsupported gets
   * them reported as skipped, with that reason.
   */
  private Stream<DynamicTest> tensorTests(List<TensorCheck> checks) {
    Optional<Kernel> missing = Stream.of(Kernel.values()).filter(k -> !supports(k, "")).findFirst();
    return checks.stream()
        .map(
            check ->
                missing.isPresent()
                    ? DynamicTest.dynamicTest(
                        "[skipped: needs "
                            + missing.get().method()
                            + ", declared unsupported] "
                            + check.name(),
                        () -> {
                          summary.skipped();
                          Assumptions.abort(
                              "tensor-level checks need every kernel; "
                                  + missing.get().method()
                                  + " is declared unsupported");
                        })
                    : DynamicTest.dynamicTest(check.name(), () -> runTensorCheck(check)));
  }

  private void runTensorCheck(TensorCheck check) {
    int before = backend.liveStorages();
    try {
      check.body().accept(backend);
      int after = backend.liveStorages();
      if (after != before) {
        throw new AssertionError(
            "leak: liveStorages() was " + before + " before the check and " + after + " after it");
      }
    } catch (RuntimeException | Error e) {
      summary.failed();
      throw e;
    }
    summary.passed();
  }

  private Stream<DynamicTest> tests(List<ConformanceCase> cases) {
    return cases.stream().map(this::test);
  }

  private DynamicTest test(ConformanceCase c) {
    if (!supports(c.kernel(), c.variant())) {
      return DynamicTest.dynamicTest("[unsupported] " + c.name(), () -> runUnsupported(c));
    }
    Optional<Kernel> missing =
        c.needs().stream().filter(k -> !supports(k, "")).sorted().findFirst();
    if (missing.isPresent()) {
      String reason = "needs " + missing.get().method() + ", declared unsupported";
      return DynamicTest.dynamicTest(
          "[skipped: " + reason + "] " + c.name(),
          () -> {
            summary.skipped();
            Assumptions.abort(reason);
          });
    }
    return DynamicTest.dynamicTest(c.name(), () -> runSupported(c));
  }

  private void runSupported(ConformanceCase c) throws Throwable {
    try {
      Throwable failure = runCase(c);
      if (failure != null) {
        throw failure;
      }
    } catch (Throwable t) {
      summary.failed();
      throw t;
    }
    summary.passed();
  }

  private void runUnsupported(ConformanceCase c) {
    String method = c.kernel().method();
    Throwable failure;
    try {
      failure = runCase(c);
    } catch (AssertionError leak) {
      summary.failed();
      throw leak;
    }
    if (failure == null) {
      summary.failed();
      throw new AssertionError(
          "declared unsupported, but "
              + method
              + " ran; remove it from unsupportedKernels() or"
              + " supports()");
    }
    if (!(failure instanceof UnsupportedOperationException)) {
      summary.failed();
      throw new AssertionError(
          "declared unsupported: expected UnsupportedOperationException naming '"
              + method
              + "', got "
              + failure,
          failure);
    }
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (!message.contains(method.toLowerCase(Locale.ROOT))) {
      summary.failed();
      throw new AssertionError(
          "declared unsupported: the UnsupportedOperationException must name the kernel '"
              + method
              + "', but says: "
              + failure.getMessage(),
          failure);
    }
    summary.unsupported();
  }

  /**
   * Runs the case in its own workspace and returns what it threw, or null. Afterwards, whatever
   * happened, every storage the case allocated is released, and {@link Backend#liveStorages()} must
   * be back where it started, or this throws.
   */
  private Throwable runCase(ConformanceCase c) {
    int before = backend.liveStorages();
    Throwable failure = null;
    try (Workspace ws = new Workspace(backend)) {
      c.body().run(ws);
    } catch (Throwable t) {
      failure = t;
    }
    int after = backend.liveStorages();
    if (after != before) {
      throw new AssertionError(
          "leak: liveStorages() was "
              + before
              + " before the case and "
              + after
              + " after the kit released everything it allocated",
          failure);
    }
    return failure;
  }
}
