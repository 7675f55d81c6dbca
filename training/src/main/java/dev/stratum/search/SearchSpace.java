package dev.stratum.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The hyper-parameters a search explores, in declaration order, each with its distribution (for
 * random search) and its grid (for grid search).
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *     .logUniform("lr", 1e-6, 1)
 *     .choice("batch_size", 32, 64, 128)
 *     .intRange("width", 32, 256, 32)
 *     .uniform("dropout", 0, 0.5)
 *     .build();
 * }</pre>
 */
public final class SearchSpace {

  /** One hyper-parameter's range. */
  public sealed interface Dimension {
    /** A value drawn at random. */
    Object sample(Random random);

    /** The values a grid visits; {@code points} is used by continuous ranges. */
    List<Object> grid(int points);
  }

  /** {@code exp(U(ln low, ln high))}; a grid is geometric, ends included. */
  public record LogUniform(double low, double high) implements Dimension {
    public LogUniform {
      if (!(low > 0 && high > low) || Double.isInfinite(high)) {
        throw new IllegalArgumentException(
            "logUniform: needs 0 < low < high < infinity, got " + low + " and " + high);
      }
    }

    @Override
    public Object sample(Random random) {
      return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
    }

    @Override
    public List<Object> grid(int points) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < points; i++) {
        double f = points == 1 ? 0.5 : i / (points - 1.0);
        // the ends exactly, not as exp(log(...)) rounds them
        values.add(
            f == 0 ? low : f == 1 ? high : Math.exp(Math.log(low) + f * Math.log(high / low)));
      }
      return values;
    }
  }

  /** {@code U(low, high)}; a grid is evenly spaced, ends included. */
  public record Uniform(double low, double high) implements Dimension {
    public Uniform {
      if (!(high > low) || Double.isInfinite(high) || Double.isInfinite(low)) {
        throw new IllegalArgumentException(
            "uniform: needs finite low < high, got " + low + " and " + high);
      }
    }

    @Override
    public Object sample(Random random) {
      return low + random.nextDouble() * (high - low);
    }

    @Override
    public List<Object> grid(int points) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < points; i++) {
        double f = points == 1 ? 0.5 : i / (points - 1.0);
        values.add(f == 1 ? high : low + f * (high - low));
      }
      return values;
    }
  }

  /** Whole numbers {@code low, low + step, ...} up to {@code high} inclusive. */
  public record IntRange(int low, int high, int step) implements Dimension {
    public IntRange {
      if (step <= 0 || high < low) {
        throw new IllegalArgumentException(
            "intRange: needs low <= high and step > 0, got " + low + ", " + high + ", " + step);
      }
    }

    @Override
    public Object sample(Random random) {
      return low + step * random.nextInt((high - low) / step + 1);
    }

    @Override
    public List<Object> grid(int points) {
      List<Object> values = new ArrayList<>();
      for (int v = low; v <= high; v += step) {
        values.add(v);
      }
      return values;
    }
  }

  /** One of the listed values, equally likely. */
  public record Choice(List<Object> values) implements Dimension {
    public Choice {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("choice: needs at least one value");
      }
      values = List.copyOf(values);
    }

    @Override
    public Object sample(Random random) {
      return values.get(random.nextInt(values.size()));
    }

    @Override
    public List<Object> grid(int points) {
      return values;
    }
  }

  private final Map<String, Dimension> dimensions;

  private SearchSpace(Map<String, Dimension> dimensions) {
    this.dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
  }

  /** The dimensions by name, in declaration order. */
  public Map<String, Dimension> dimensions() {
    return dimensions;
  }

  /** One random configuration. */
  public Map<String, Object> sample(Random random) {
    Map<String, Object> config = new LinkedHashMap<>();
    dimensions.forEach((name, d) -> config.put(name, d.sample(random)));
    return config;
  }

  /**
   * Every combination of the grid values, the first dimension varying slowest; continuous ranges
   * get {@code points} values each.
   */
  public List<Map<String, Object>> grid(int points) {
    if (points < 1) {
      throw new IllegalArgumentException("grid: points must be >= 1, got " + points);
    }
    List<Map<String, Object>> configs = new ArrayList<>();
    configs.add(new LinkedHashMap<>());
    for (Map.Entry<String, Dimension> e : dimensions.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : configs) {
        for (Object value : e.getValue().grid(points)) {
          Map<String, Object> c = new LinkedHashMap<>(partial);
          c.put(e.getKey(), value);
          next.add(c);
        }
      }
      configs = next;
    }
    return configs;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Declares dimensions in order; a name may be declared once. */
  public static final class Builder {
    private final Map<String, Dimension> dimensions = new LinkedHashMap<>();

    public Builder logUniform(String name, double low, double high) {
      return add(name, new LogUniform(low, high));
    }

    public Builder uniform(String name, double low, double high) {
      return add(name, new Uniform(low, high));
    }

    public Builder intRange(String name, int low, int high, int step) {
      return add(name, new IntRange(low, high, step));
    }

    public Builder choice(String name, Object... values) {
      return add(name, new Choice(List.of(values)));
    }

    public Builder add(String name, Dimension dimension) {
      if (dimensions.putIfAbsent(name, dimension) != null) {
        throw new IllegalArgumentException("search space: '" + name + "' is declared twice");
      }
      return this;
    }

    public SearchSpace build() {
      if (dimensions.isEmpty()) {
        throw new IllegalArgumentException("search space: declare at least one dimension");
      }
      return new SearchSpace(dimensions);
    }
  }
}
