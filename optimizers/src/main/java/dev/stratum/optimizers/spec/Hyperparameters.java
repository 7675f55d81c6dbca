package dev.stratum.optimizers.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of one optimizer or schedule from a spec, read by name with defaults. It remembers
 * which keys were asked for, so that {@link #checkAllUsed} can reject a misspelt key and list the
 * known ones.
 */
public final class Hyperparameters {

  private final String owner;
  private final Map<String, Object> values;
  private final Set<String> known = new LinkedHashSet<>();
  private final Set<String> deprecatedKnown = new LinkedHashSet<>();

  private static final System.Logger LOG = System.getLogger(Hyperparameters.class.getName());

  /** The deprecated keys already warned about in this JVM: each is logged once. */
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

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

  /**
   * Whether the spec gives the deprecated key {@code old}, which {@code replacement} replaces. The
   * first time a JVM meets {@code old} it logs a WARNING through {@link System.Logger} that says
   * what to write instead; {@link #checkAllUsed} accepts the key without listing it.
   *
   * @param replacement what to write instead, as shown in the message ({@code "'betas': [beta1,
   *     beta2]"})
   */
  public boolean deprecated(String old, String replacement) {
    deprecatedKnown.add(old);
    if (!values.containsKey(old)) {
      return false;
    }
    if (WARNED.add(old)) {
      LOG.log(System.Logger.Level.WARNING, deprecationMessage(old, replacement));
    }
    return true;
  }

  /**
   * A number under {@code key}, else under its deprecated spelling {@code old} (logged once), else
   * {@code fallback}; giving both is an error.
   */
  public double number(String key, String old, double fallback) {
    boolean hasOld = deprecated(old, "'" + key + "'");
    if (has(key)) {
      if (hasOld) {
        throw new IllegalArgumentException(
            owner + ": give '" + key + "' or its deprecated spelling '" + old + "', not both");
      }
      return number(key, fallback);
    }
    return hasOld ? toNumber(old, values.get(old)) : fallback;
  }

  /**
   * Two numbers as a list under {@code key} ({@code "betas": [0.9, 0.999]}), else under the
   * deprecated single keys {@code old1} and {@code old2} (each logged once; either may be missing
   * and takes its fallback), else the fallbacks.
   */
  public double[] pair(String key, String old1, String old2, double fallback1, double fallback2) {
    String replacement = "'" + key + "': [" + old1 + ", " + old2 + "]";
    boolean hasOld1 = deprecated(old1, replacement);
    boolean hasOld2 = deprecated(old2, replacement);
    if (has(key)) {
      if (hasOld1 || hasOld2) {
        throw new IllegalArgumentException(
            owner
                + ": give '"
                + key
                + "' or the deprecated '"
                + old1
                + "'/'"
                + old2
                + "', not both");
      }
      List<Double> pair = numbers(key, List.of());
      if (pair.size() != 2) {
        throw new IllegalArgumentException(
            owner + ": '" + key + "' must be a list of two numbers, got " + values.get(key));
      }
      return new double[] {pair.get(0), pair.get(1)};
    }
    return new double[] {
      hasOld1 ? toNumber(old1, values.get(old1)) : fallback1,
      hasOld2 ? toNumber(old2, values.get(old2)) : fallback2
    };
  }

  /** The sentence {@link #deprecated} logs. */
  String deprecationMessage(String old, String replacement) {
    return owner
        + ": key '"
        + old
        + "' is deprecated; write "
        + replacement
        + " instead, as PyTorch names it (the old key still works for now; this warning is"
        + " logged once)";
  }

  /** Forgets which deprecated keys were warned about, so a test can see the warning again. */
  static void resetDeprecationWarnings() {
    WARNED.clear();
  }

  /** Throws, listing the known keys, if the spec holds a key nobody asked for. */
  public void checkAllUsed() {
    for (String key : values.keySet()) {
      if (!known.contains(key) && !deprecatedKnown.contains(key)) {
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
