package dev.stratum.conformance;

import java.util.Arrays;

/** Compares a kernel's float results with the oracle's double results under a {@link Tolerance}. */
public final class Expect {

  private static final int SHOWN = 5;

  private Expect() {}

  /**
   * Checks {@code actual} against {@code expected} element by element; the message names the first
   * few mismatches with their index, values and allowance.
   */
  public static void close(String what, float[] actual, double[] expected, Tolerance tolerance) {
    if (actual.length != expected.length) {
      throw new AssertionError(
          what + ": " + actual.length + " results, expected " + expected.length);
    }
    StringBuilder problems = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < actual.length; i++) {
      String problem = mismatch(actual[i], expected[i], tolerance.allowed(i, expected[i]));
      if (problem != null) {
        if (bad < SHOWN) {
          problems.append("\n  [").append(i).append("] ").append(problem);
        }
        bad++;
      }
    }
    if (bad > 0) {
      throw new AssertionError(
          what
              + ": "
              + bad
              + " of "
              + actual.length
              + " elements differ from the oracle"
              + problems
              + (bad > SHOWN ? "\n  ..." : ""));
    }
  }

  /** Float expectations (the oracle's output when it is already float, as for random streams). */
  public static void close(String what, float[] actual, float[] expected, Tolerance tolerance) {
    close(what, actual, toDouble(expected), tolerance);
  }

  /** Bit-for-bit equality, for random streams and memory round trips. */
  public static void identical(String what, float[] actual, float[] expected) {
    for (int i = 0; i < Math.max(actual.length, expected.length); i++) {
      if (i >= actual.length
          || i >= expected.length
          || Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        throw new AssertionError(
            what
                + ": not bit-identical from element "
                + i
                + ": got "
                + Arrays.toString(slice(actual, i))
                + ", expected "
                + Arrays.toString(slice(expected, i)));
      }
    }
  }

  static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  private static String mismatch(float actual, double expected, double allowed) {
    float rounded = (float) expected;
    if (Float.isNaN(rounded)) {
      if (Float.floatToRawIntBits(actual) == Float.floatToRawIntBits(Workspace.SENTINEL)) {
        return "not written (expected NaN)";
      }
      return Float.isNaN(actual) ? null : "got " + actual + ", expected NaN";
    }
    if (Float.isNaN(actual)) {
      boolean unwritten =
          Float.floatToRawIntBits(actual) == Float.floatToRawIntBits(Workspace.SENTINEL);
      return (unwritten ? "not written" : "got NaN") + ", expected " + expected;
    }
    if (Float.isInfinite(rounded) || Float.isInfinite(actual)) {
      return actual == rounded ? null : "got " + actual + ", expected " + expected;
    }
    double error = Math.abs(actual - expected);
    if (allowed == 0) {
      return actual == rounded ? null : "got " + actual + ", expected exactly " + rounded;
    }
    return error <= allowed
        ? null
        : "got "
            + actual
            + ", expected "
            + expected
            + " ± "
            + (float) allowed
            + " (off by "
            + (float) error
            + ")";
  }

  private static float[] slice(float[] values, int from) {
    return Arrays.copyOfRange(
        values, Math.min(from, values.length), Math.min(from + 4, values.length));
  }
}
