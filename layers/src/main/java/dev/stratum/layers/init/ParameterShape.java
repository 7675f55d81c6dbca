package dev.stratum.layers.init;

import java.util.Arrays;

/**
 * A parameter's shape with the fan-in and fan-out its {@link Initializer} scales by, each named at
 * the call site:
 *
 * <pre>{@code
 * ParameterShape.of(out, in).fanIn(in).fanOut(out)                   // a dense weight
 * ParameterShape.of(out, in, k, k).fanIn(in * k * k).fanOut(out * k * k) // a convolution's
 * }</pre>
 *
 * <p>Both fans must be given: layers differ in what they count (a transposed convolution's fan-in
 * is its output channels, as in PyTorch), so there is no guess from the shape. A bias takes its
 * weight's fans. Immutable; {@link #fanIn(int)} and {@link #fanOut(int)} return copies.
 */
public final class ParameterShape {

  private static final int UNSET = -1;

  private final int[] dims;
  private final int fanIn;
  private final int fanOut;

  private ParameterShape(int[] dims, int fanIn, int fanOut) {
    this.dims = dims;
    this.fanIn = fanIn;
    this.fanOut = fanOut;
  }

  /** A parameter of these dimensions; its fans are still to be given. */
  public static ParameterShape of(int... dims) {
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "parameter shape " + Arrays.toString(dims) + ": a dimension is negative");
      }
    }
    return new ParameterShape(dims.clone(), UNSET, UNSET);
  }

  /** With the number of inputs each output sums over. */
  public ParameterShape fanIn(int fanIn) {
    return new ParameterShape(dims, checked("fan-in", fanIn), fanOut);
  }

  /** With the number of outputs each input feeds. */
  public ParameterShape fanOut(int fanOut) {
    return new ParameterShape(dims, fanIn, checked("fan-out", fanOut));
  }

  /** The dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** The fan-in; throws if it was not given. */
  public int fanIn() {
    return given("fan-in", fanIn);
  }

  /** The fan-out; throws if it was not given. */
  public int fanOut() {
    return given("fan-out", fanOut);
  }

  private int checked(String what, int fan) {
    if (fan < 0) {
      throw new IllegalArgumentException(
          this + ": the " + what + " must not be negative, got " + fan);
    }
    return fan;
  }

  private int given(String what, int fan) {
    if (fan == UNSET) {
      throw new IllegalStateException(
          this + ": no " + what + " was given (ParameterShape.of(...).fanIn(in).fanOut(out))");
    }
    return fan;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterShape p
        && Arrays.equals(dims, p.dims)
        && fanIn == p.fanIn
        && fanOut == p.fanOut;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(dims) + fanIn) + fanOut;
  }

  /** {@code [3, 5] (fan-in 5, fan-out 3)}. */
  @Override
  public String toString() {
    return Arrays.toString(dims)
        + " (fan-in "
        + (fanIn == UNSET ? "?" : fanIn)
        + ", fan-out "
        + (fanOut == UNSET ? "?" : fanOut)
        + ")";
  }
}
