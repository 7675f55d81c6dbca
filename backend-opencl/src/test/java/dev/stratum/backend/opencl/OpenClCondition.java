package dev.stratum.backend.opencl;

import dev.stratum.backend.Availability;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresOpenCl}; prints its skip line once per JVM. */
public final class OpenClCondition implements ExecutionCondition {

  private static final AtomicBoolean TOLD = new AtomicBoolean();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Availability availability = new OpenClBackendProvider().probe();
    if (availability.isAvailable()) {
      return ConditionEvaluationResult.enabled("OpenCL is available");
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      return ConditionEvaluationResult.enabled(
          "CI=true: OpenCL tests run, and fail, without OpenCL: " + availability.reason());
    }
    String line = "OpenCL tests skipped: " + availability.reason();
    if (TOLD.compareAndSet(false, true)) {
      System.err.println(line);
    }
    return ConditionEvaluationResult.disabled(line);
  }
}
