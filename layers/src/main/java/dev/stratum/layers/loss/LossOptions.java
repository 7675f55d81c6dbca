package dev.stratum.layers.loss;

import dev.stratum.nn.Reduction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a loss configuration for a factory: typed getters with defaults, and {@link #finish()}
 * which rejects the keys nobody read, so that a misspelt option is an error rather than ignored.
 */
public final class LossOptions {

  private final String loss;
  private final Map<String, ?> config;
  private final Set<String> read = new LinkedHashSet<>();

  private LossOptions(String loss, Map<String, ?> config) {
    this.loss = loss;
    this.config = config;
    read.add("type");
  }

  /** Options of the loss {@code loss}, read from {@code config}. */
  public static LossOptions of(String loss, Map<String, ?> config) {
    return new LossOptions(loss, config);
  }

  /** {@code "reduction"}: "mean" (the default), "sum" or "none", in any case. */
  public Reduction reduction() {
    read.add("reduction");
    Object value = config.get("reduction");
    if (value == null) {
      return Reduction.MEAN;
    }
    try {
      return Reduction.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          loss + ": reduction must be \"mean\", \"sum\" or \"none\", got \"" + value + "\"", e);
    }
  }

  /** A number option; {@code fallback} when absent. */
  public float number(String key, float fallback) {
    read.add(key);
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.floatValue();
    }
    throw new IllegalArgumentException(
        loss + ": option \"" + key + "\" must be a number, got \"" + value + "\"");
  }

  /** A whole-number option; {@code fallback} when absent. */
  public Integer integer(String key, Integer fallback) {
    read.add(key);
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new IllegalArgumentException(
        loss + ": option \"" + key + "\" must be a whole number, got \"" + value + "\"");
  }

  /** A list of numbers ({@code [1.0, 2.5]}); {@code null} when absent. */
  public float[] numbers(String key) {
    read.add(key);
    Object value = config.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      float[] out = new float[list.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new IllegalArgumentException(
              loss + ": option \"" + key + "\" must be a list of numbers, got " + value);
        }
        out[i] = n.floatValue();
      }
      return out;
    }
    if (value instanceof float[] floats) {
      return floats.clone();
    }
    throw new IllegalArgumentException(
        loss + ": option \"" + key + "\" must be a list of numbers, got \"" + value + "\"");
  }

  /**
   * An option naming a constant of {@code type}, in any case ({@code "squared"} for {@code
   * SQUARED}); {@code fallback} when absent.
   */
  public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    read.add(key);
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.toString().trim())) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(
        loss + ": option \"" + key + "\" must be one of " + names + ", got \"" + value + "\"");
  }

  /** Throws when the configuration holds a key no getter asked for. */
  public void finish() {
    Set<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      Set<String> known = new TreeSet<>(read);
      known.remove("type");
      throw new IllegalArgumentException(
          loss + ": unknown option(s) " + unknown + "; this loss takes " + known);
    }
  }
}
