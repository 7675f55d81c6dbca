package dev.stratum.backend.opencl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only where OpenCL works. Elsewhere the class is skipped with one line saying
 * what to install, except under {@code CI=true}, where it runs and fails with the probe's reason:
 * CI must never pass by skipping the GPU backend.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OpenClCondition.class)
public @interface RequiresOpenCl {}
