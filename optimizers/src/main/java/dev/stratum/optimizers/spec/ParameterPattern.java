package dev.stratum.optimizers.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A parameter group's {@code params}: a user's regular expression, made safe to take from a spec of
 * unknown origin. Its length and the product of its repetition counts are bounded, and so is the
 * work of matching it against one parameter name, so that a pattern that backtracks exponentially
 * (such as {@code (.*a){10}b}) is refused with a message instead of hanging the program.
 */
final class ParameterPattern {

  /** The longest {@code params} accepted, in characters; real ones are a few dozen. */
  static final int MAX_LENGTH = 1_000;

  /**
   * The most characters the regex engine may read while matching one parameter name. A sane pattern
   * reads each character of a name a few times; this allows for names of thousands of characters
   * and still stops a catastrophic backtrack within milliseconds.
   */
  static final long MAX_READS_PER_NAME = 1_000_000;

  /**
   * The largest product of the pattern's minimum repetition counts ({@code {n}}, {@code {n,m}}). A
   * loop must run its minimum count even when its body matches nothing, and such iterations read no
   * character, so {@link #MAX_READS_PER_NAME} cannot stop them: {@code ((?:){1000}){1000}...} would
   * spin for ever. Bounding the product (an upper bound of the nested loops' work, whatever the
   * nesting) bounds them; real parameter patterns have no counted repetition at all.
   */
  static final long MAX_REPETITION_PRODUCT = 1_000_000;

  private static final Pattern COUNTED = Pattern.compile("\\{(\\d+)");

  private static final int MAX_NAME_IN_MESSAGE = 100;

  private final Pattern pattern;
  private final String owner;

  private ParameterPattern(Pattern pattern, String owner) {
    this.pattern = pattern;
    this.owner = owner;
  }

  /** Compiles {@code regex}; {@code owner} (such as "optimizer 'adam' group 0") opens messages. */
  static ParameterPattern compile(String regex, String owner) {
    if (regex.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          String.format(
              "%s: 'params' is %,d characters long, more than the %,d allowed for a regular"
                  + " expression",
              owner, regex.length(), MAX_LENGTH));
    }
    long product = 1;
    Matcher counted = COUNTED.matcher(regex);
    while (counted.find()) {
      String digits = counted.group(1);
      long count = digits.length() > 18 ? Long.MAX_VALUE : Math.max(Long.parseLong(digits), 1);
      if (count > MAX_REPETITION_PRODUCT / product) {
        throw new IllegalArgumentException(
            String.format(
                "%s: 'params' repeats too much: its repetition counts ({n}) multiply to more than"
                    + " %,d, which could take for ever to match",
                owner, MAX_REPETITION_PRODUCT));
      }
      product *= count;
    }
    try {
      return new ParameterPattern(Pattern.compile(regex), owner);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          owner + ": 'params' is not a regular expression: " + e.getMessage());
    }
  }

  /** Whether the pattern is found in {@code name} ({@link java.util.regex.Matcher#find()}). */
  boolean find(String name) {
    try {
      return pattern.matcher(new CountingChars(name)).find();
    } catch (BudgetExceeded e) {
      String shown =
          name.length() <= MAX_NAME_IN_MESSAGE
              ? name
              : String.format(
                  "%s... (%,d characters)", name.substring(0, MAX_NAME_IN_MESSAGE), name.length());
      throw new IllegalArgumentException(
          String.format(
              "%s: pattern /%s/ takes too long to match parameter '%s' (more than %,d character"
                  + " reads; it backtracks too much): simplify the regular expression",
              owner, pattern, shown, MAX_READS_PER_NAME));
    }
  }

  @Override
  public String toString() {
    return pattern.toString();
  }

  /** A name whose characters the regex engine may read {@link #MAX_READS_PER_NAME} times. */
  private static final class CountingChars implements CharSequence {
    private final String text;
    private final int from;
    private final int to;
    private final long[] reads;

    CountingChars(String text) {
      this(text, 0, text.length(), new long[1]);
    }

    private CountingChars(String text, int from, int to, long[] reads) {
      this.text = text;
      this.from = from;
      this.to = to;
      this.reads = reads;
    }

    @Override
    public char charAt(int index) {
      if (++reads[0] > MAX_READS_PER_NAME) {
        throw new BudgetExceeded();
      }
      return text.charAt(from + index);
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      // shares the count: a group's text read through a sub-sequence costs the same
      return new CountingChars(text, from + start, from + end, reads);
    }

    @Override
    public String toString() {
      return text.substring(from, to);
    }
  }

  /** Thrown out of the regex engine when the budget is spent; no stack trace, it is caught. */
  private static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super(null, null, false, false);
    }
  }
}
