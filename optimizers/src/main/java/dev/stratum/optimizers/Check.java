package dev.stratum.optimizers;

/** Hyper-parameter validation with messages that name the optimizer, the value and the range. */
final class Check {

  private Check() {}

  /** {@code low <= value < high}. */
  static double inRange(String owner, String name, double value, double low, double high) {
    if (!(value >= low && value < high)) {
      throw new IllegalArgumentException(
          owner + ": " + name + " must be in [" + low + ", " + high + "), got " + value);
    }
    return value;
  }

  /** {@code value > 0} and finite. */
  static double positive(String owner, String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          owner + ": " + name + " must be finite and > 0, got " + value);
    }
    return value;
  }

  /** {@code value >= 0} and finite. */
  static double nonNegative(String owner, String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          owner + ": " + name + " must be finite and >= 0, got " + value);
    }
    return value;
  }
}
