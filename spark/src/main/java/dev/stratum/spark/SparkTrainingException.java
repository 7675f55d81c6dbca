package dev.stratum.spark;

/**
 * A round of distributed training failed: a task threw on an executor (its message is in this
 * one's), or an executor was lost beyond Spark's retries. The driver's model and optimizer keep the
 * values of the last round that completed.
 */
public final class SparkTrainingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SparkTrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
