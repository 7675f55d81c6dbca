package dev.stratum.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of a layer configuration as it comes back from JSON (where a whole number
 * may arrive as an {@code Integer}, {@code Long}, {@code Double} or {@code BigDecimal}). Missing or
 * mistyped keys get an {@link IllegalArgumentException} naming the layer type, the key and the
 * value.
 */
public final class LayerConfig {

  private LayerConfig() {}

  /** A required whole number. */
  public static int integer(String type, Map<String, Object> config, String key) {
    Object value = required(type, config, key);
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      double d = n.doubleValue();
      if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw new IllegalArgumentException(
        type + ": config '" + key + "' must be a whole number, got " + describe(value));
  }

  /** An optional whole number. */
  public static int integer(String type, Map<String, Object> config, String key, int fallback) {
    return config.get(key) == null ? fallback : integer(type, config, key);
  }

  /** A required number. */
  public static double number(String type, Map<String, Object> config, String key) {
    Object value = required(type, config, key);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        type + ": config '" + key + "' must be a number, got " + describe(value));
  }

  /** An optional number. */
  public static double number(
      String type, Map<String, Object> config, String key, double fallback) {
    return config.get(key) == null ? fallback : number(type, config, key);
  }

  /** A required boolean. */
  public static boolean bool(String type, Map<String, Object> config, String key) {
    Object value = required(type, config, key);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(
        type + ": config '" + key + "' must be true or false, got " + describe(value));
  }

  /** An optional boolean. */
  public static boolean bool(
      String type, Map<String, Object> config, String key, boolean fallback) {
    return config.get(key) == null ? fallback : bool(type, config, key);
  }

  /** A required string. */
  public static String string(String type, Map<String, Object> config, String key) {
    Object value = required(type, config, key);
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        type + ": config '" + key + "' must be a string, got " + describe(value));
  }

  /** A required list of whole numbers. */
  public static int[] integers(String type, Map<String, Object> config, String key) {
    Object value = required(type, config, key);
    if (value instanceof List<?> list) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = integer(type, Map.of(key + "[" + i + "]", list.get(i)), key + "[" + i + "]");
      }
      return out;
    }
    throw new IllegalArgumentException(
        type + ": config '" + key + "' must be a list of whole numbers, got " + describe(value));
  }

  /** A required list. */
  public static List<Object> list(String type, Map<String, Object> config, String key) {
    Object value = required(type, config, key);
    if (value instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    throw new IllegalArgumentException(
        type + ": config '" + key + "' must be a list, got " + describe(value));
  }

  /** {@code value} as a string-keyed map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(String what, Object value) {
    if (value instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!(key instanceof String)) {
          throw new IllegalArgumentException(
              what + ": expected a map with string keys, got key " + describe(key));
        }
      }
      return (Map<String, Object>) map;
    }
    throw new IllegalArgumentException(what + ": expected a map, got " + describe(value));
  }

  /** {@code [a, b, c]} as a JSON-friendly list. */
  public static List<Integer> list(int... values) {
    List<Integer> out = new ArrayList<>(values.length);
    for (int v : values) {
      out.add(v);
    }
    return out;
  }

  /** The value of a required key, of any type. */
  public static Object required(String type, Map<String, Object> config, String key) {
    if (config == null) {
      throw new IllegalArgumentException(type + ": no config given (need '" + key + "')");
    }
    Object value = config.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          type + ": config is missing '" + key + "' (got keys " + config.keySet() + ")");
    }
    return value;
  }

  /** {@code 'value' (Type)}, as the messages above show a value. */
  static String describe(Object value) {
    return value == null ? "null" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
  }
}
