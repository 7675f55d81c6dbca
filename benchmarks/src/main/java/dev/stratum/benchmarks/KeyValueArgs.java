package dev.stratum.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** The {@code key=value} arguments every benchmark main takes. */
final class KeyValueArgs {

  private KeyValueArgs() {}

  /**
   * The arguments as a map, a later key replacing an earlier one.
   *
   * @throws IllegalArgumentException for an argument without a key and an {@code =}
   */
  static Map<String, String> parse(String[] args) {
    Map<String, String> map = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got " + arg);
      }
      map.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return map;
  }
}
