package dev.stratum.cli.picture;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as the pictures and messages print them. */
public final class Format {

  private Format() {}

  /**
   * Up to four significant digits without trailing zeros or an exponent: {@code 0.08}, {@code
   * 0.01235}, {@code 201}, {@code 57010000}.
   */
  public static String significant(double value) {
    if (value == 0) {
      return "0";
    }
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
