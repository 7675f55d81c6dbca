package dev.stratum.layers.init;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerConfig;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a parameter tensor gets its first values, given the layer's fan-in and fan-out (for a dense
 * weight {@code [out, in]}: fan-in {@code in}, fan-out {@code out}; for a convolution, both times
 * the kernel area). Every initializer draws from a {@link Generator}, so a seed fixes the result.
 * Initializers are records; {@link #config()} and {@link #fromConfig(Object)} round-trip them
 * through JSON as {@code {"type": "xavier_uniform", "gain": 1.0}}.
 */
public sealed interface Initializer {

  /** A new tensor of {@code shape} on {@code backend}. */
  Tensor create(Backend backend, Generator generator, int fanIn, int fanOut, int... shape);

  /** The name used in configurations. */
  String typeName();

  /** {@code {"type": typeName(), ...arguments}}. */
  default Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", typeName());
    return config;
  }

  /**
   * PyTorch's default for linear and convolution weights and biases: {@code U(-1/√fanIn,
   * 1/√fanIn)}.
   */
  record FanInUniform() implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      float bound = fanIn > 0 ? (float) (1 / Math.sqrt(fanIn)) : 0f;
      return generator.uniform(backend, -bound, bound, shape);
    }

    @Override
    public String typeName() {
      return "fan_in_uniform";
    }
  }

  /** Xavier/Glorot uniform: {@code U(-a, a)} with {@code a = gain·√(6 / (fanIn + fanOut))}. */
  record XavierUniform(double gain) implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      float bound = (float) (gain * Math.sqrt(6.0 / Math.max(1, fanIn + fanOut)));
      return generator.uniform(backend, -bound, bound, shape);
    }

    @Override
    public String typeName() {
      return "xavier_uniform";
    }

    @Override
    public Map<String, Object> config() {
      return with(Initializer.super.config(), "gain", gain);
    }
  }

  /** Xavier/Glorot normal: {@code N(0, σ²)} with {@code σ = gain·√(2 / (fanIn + fanOut))}. */
  record XavierNormal(double gain) implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      float std = (float) (gain * Math.sqrt(2.0 / Math.max(1, fanIn + fanOut)));
      return generator.normal(backend, 0f, std, shape);
    }

    @Override
    public String typeName() {
      return "xavier_normal";
    }

    @Override
    public Map<String, Object> config() {
      return with(Initializer.super.config(), "gain", gain);
    }
  }

  /**
   * He/Kaiming uniform for ReLU networks (fan-in mode, gain √2): {@code U(-a, a)} with {@code a =
   * √(6 / fanIn)}.
   */
  record HeUniform() implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      float bound = (float) Math.sqrt(6.0 / Math.max(1, fanIn));
      return generator.uniform(backend, -bound, bound, shape);
    }

    @Override
    public String typeName() {
      return "he_uniform";
    }
  }

  /** He/Kaiming normal for ReLU networks (fan-in mode): {@code N(0, 2 / fanIn)}. */
  record HeNormal() implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      return generator.normal(backend, 0f, (float) Math.sqrt(2.0 / Math.max(1, fanIn)), shape);
    }

    @Override
    public String typeName() {
      return "he_normal";
    }
  }

  /** Every element {@code value} (zeros for biases, ones for normalisation scales). */
  record Constant(double value) implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      return Tensor.full(backend, (float) value, shape);
    }

    @Override
    public String typeName() {
      return "constant";
    }

    @Override
    public Map<String, Object> config() {
      return with(Initializer.super.config(), "value", value);
    }
  }

  /** {@code U(low, high)}. */
  record Uniform(double low, double high) implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      return generator.uniform(backend, (float) low, (float) high, shape);
    }

    @Override
    public String typeName() {
      return "uniform";
    }

    @Override
    public Map<String, Object> config() {
      return with(with(Initializer.super.config(), "low", low), "high", high);
    }
  }

  /** {@code N(mean, std²)} (PyTorch's default for embeddings: {@code N(0, 1)}). */
  record Normal(double mean, double std) implements Initializer {
    @Override
    public Tensor create(
        Backend backend, Generator generator, int fanIn, int fanOut, int... shape) {
      return generator.normal(backend, (float) mean, (float) std, shape);
    }

    @Override
    public String typeName() {
      return "normal";
    }

    @Override
    public Map<String, Object> config() {
      return with(with(Initializer.super.config(), "mean", mean), "std", std);
    }
  }

  static Initializer fanInUniform() {
    return new FanInUniform();
  }

  static Initializer xavierUniform() {
    return new XavierUniform(1);
  }

  static Initializer xavierNormal() {
    return new XavierNormal(1);
  }

  static Initializer heUniform() {
    return new HeUniform();
  }

  static Initializer heNormal() {
    return new HeNormal();
  }

  static Initializer zeros() {
    return new Constant(0);
  }

  static Initializer ones() {
    return new Constant(1);
  }

  /**
   * Reads an initializer back from {@link #config()}'s map, or from a bare type name for those
   * without arguments ({@code "he_normal"}).
   */
  static Initializer fromConfig(Object config) {
    Map<String, Object> map =
        config instanceof String name
            ? Map.of("type", name)
            : LayerConfig.map("initializer", config);
    String type = LayerConfig.string("initializer", map, "type");
    return switch (type) {
      case "fan_in_uniform" -> new FanInUniform();
      case "xavier_uniform" -> new XavierUniform(LayerConfig.number(type, map, "gain", 1.0));
      case "xavier_normal" -> new XavierNormal(LayerConfig.number(type, map, "gain", 1.0));
      case "he_uniform" -> new HeUniform();
      case "he_normal" -> new HeNormal();
      case "constant" -> new Constant(LayerConfig.number(type, map, "value"));
      case "uniform" ->
          new Uniform(LayerConfig.number(type, map, "low"), LayerConfig.number(type, map, "high"));
      case "normal" ->
          new Normal(LayerConfig.number(type, map, "mean"), LayerConfig.number(type, map, "std"));
      default ->
          throw new IllegalArgumentException(
              "initializer: unknown type '"
                  + type
                  + "'; known: fan_in_uniform, xavier_uniform, xavier_normal, he_uniform,"
                  + " he_normal, constant, uniform, normal");
    };
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    map.put(key, value);
    return map;
  }
}
