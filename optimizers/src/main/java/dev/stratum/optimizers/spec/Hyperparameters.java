package dev.stratum.optimizers.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one optimizer or schedule from a spec, read by name with defaults. It remembers
 * which keys were asked for, so that {@link #checkAllUsed} can reject a misspelt key and list the
 * known ones.
 */
public final class Hyperparameters {

  private final String owner;
  private final Map<String, Object> values;
  private final Set<String> known = new LinkedHashSet<>();

  /**
   * @param owner what the settings belong to, for messages ({@code "optimizer 'adam'"})
   */
  public Hyperparameters(String owner, Map<String, Object> values) {
    this.owner = owner;
    this.values = new LinkedHashMap<>(values);
  }

  /** What the settings belong to. */
  public String owner() {
    return owner;
  }

  /** Whether the spec gives {@code key}. */
  public boolean has(String key) {
    known.add(key);
    return values.containsKey(key);
  }

  /** A number, or {@code fallback} when absent. */
  public double number(String key, double fallback) {
    return has(key) ? toNumber(key, values.get(key)) : fallback;
  }

  /** A number that must be given. */
  public double requiredNumber(String key) {
    if (!has(key)) {
      throw new IllegalArgumentException(owner + ": missing required key '" + key + "'");
    }
    return number(key, Double.NaN);
  }

  /** A whole number, or {@code fallback} when absent. */
  public long integer(String key, long fallback) {
    if (!has(key)) {
      return fallback;
    }
    double value = toNumber(key, values.get(key));
    if (value != Math.rint(value) || Math.abs(value) > 1L << 53) {
      throw new IllegalArgumentException(
          owner + ": '" + key + "' must be a whole number, got " + values.get(key));
    }
    return (long) value;
  }

  /** A whole number that must be given. */
  public long requiredInteger(String key) {
    if (!has(key)) {
      throw new IllegalArgumentException(owner + ": missing required key '" + key + "'");
    }
    return integer(key, 0);
  }

  /** A boolean, or {@code fallback} when absent. */
  public boolean flag(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    if (values.get(key) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(
        owner + ": '" + key + "' must be true or false, got " + values.get(key));
  }

  /** A string, or {@code fallback} when absent. */
  public String string(String key, String fallback) {
    if (!has(key)) {
      return fallback;
    }
    if (values.get(key) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        owner + ": '" + key + "' must be a string, got " + values.get(key));
  }

  /** One of {@code choices} (case-insensitive), or {@code fallback} when absent. */
  public String choice(String key, String fallback, String... choices) {
    String value = string(key, fallback);
    for (String c : choices) {
      if (c.equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        owner + ": '" + key + "' must be one of " + List.of(choices) + ", got '" + value + "'");
  }

  /** A list of numbers, or {@code fallback} when absent. */
  public List<Double> numbers(String key, List<Double> fallback) {
    if (!has(key)) {
      return fallback;
    }
    List<Double> out = new ArrayList<>();
    for (Object o : list(key)) {
      out.add(toNumber(key, o));
    }
    return out;
  }

  /** A list, which must be given. */
  public List<?> list(String key) {
    if (!has(key)) {
      throw new IllegalArgumentException(owner + ": missing required key '" + key + "'");
    }
    if (values.get(key) instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException(
        owner + ": '" + key + "' must be a list, got " + values.get(key));
  }

  /** Throws, listing the known keys, if the spec holds a key nobody asked for. */
  public void checkAllUsed() {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            owner + ": unknown key '" + key + "' (known keys: " + new TreeSet<>(known) + ")");
      }
    }
  }

  private double toNumber(String key, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + value);
  }
}
