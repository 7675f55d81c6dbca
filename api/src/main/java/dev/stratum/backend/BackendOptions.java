package dev.stratum.backend;

import java.util.Map;
import java.util.Optional;

/**
 * Settings passed to {@link BackendProvider#create}: a string map, so that system properties, a
 * JSON model file and a Guice binding can all supply them. Keys are documented by each backend (for
 * example {@code threads} for the vector backend).
 */
public record BackendOptions(Map<String, String> values) {

  public BackendOptions {
    values = Map.copyOf(values);
  }

  public static BackendOptions defaults() {
    return new BackendOptions(Map.of());
  }

  public static BackendOptions of(String key, String value) {
    return new BackendOptions(Map.of(key, value));
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The integer value of {@code key}, or {@code fallback}; a malformed value is an error. */
  public int getInt(String key, int fallback) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "backend option '" + key + "' must be an integer, got '" + value + "'", e);
    }
  }
}
