package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A layer type as architecture JSON knows it: its name, the record that holds its arguments, and
 * how such a record becomes a layer. The layer's {@link Layer#config()} and the {@link
 * LayerFactory} that builds it back are both derived from the record, so they cannot disagree.
 *
 * <pre>{@code
 * public final class Dense extends BaseLayer {
 *   public record Config(int inFeatures, int outFeatures, @Default("true") boolean bias, ...) {}
 *
 *   public static final LayerType<Config> TYPE =
 *       LayerType.of("dense", Config.class, (c, backend) -> new Dense(c, LayerOptions.defaults().on(backend)));
 * }
 * }</pre>
 *
 * <p>The config map has one entry per record component, in declaration order, under the component's
 * name. Components may be {@code int}, {@code double}, {@code boolean} (or their boxed forms),
 * {@code String}, an enum (written as its lower-case name), {@code List<Integer>}, a {@link Size2d}
 * or {@link Padding2d} (a whole number when square, else a list; padding also {@code "same"}), an
 * {@link dev.stratum.layers.init.Initializer} (its own config map), a {@link Layer} or {@code
 * List<Layer>} (each as a {@code {"type", "config"}} map, read back through the registry), or a
 * type given with {@link ValueType}. A key may be missing only when its component has {@link
 * Default}. Missing and mistyped keys are reported by {@link LayerConfig}, naming the type, the key
 * and the value; the record's compact constructor then validates the whole.
 *
 * <p>The mapping reads the record's components reflectively, once, when the type is created (so a
 * component of an unsupported type, or a {@code @Default} that does not parse, fails when the layer
 * class loads); reading and writing configs, which happens when a model is saved or loaded, then
 * costs a few reflective calls per key. An explicit codec per record would name every key twice,
 * which is what this replaces.
 *
 * @param <C> the config record
 */
public final class LayerType<C extends Record> {

  /** Builds a layer, with fresh parameters on {@code backend}, from its config record. */
  @FunctionalInterface
  public interface Builder<C> {
    Layer build(C config, Backend backend);
  }

  /**
   * A further type a config record may hold, stored in JSON as a map: how to write it and how to
   * read it back (an activity penalty: {@code ActivityPenalty::config} and {@code
   * ActivityPenalty::fromConfig}).
   */
  public record ValueType<V>(
      Class<V> type,
      Function<? super V, Map<String, Object>> write,
      Function<Map<String, Object>, ? extends V> read) {}

  private final String name;
  private final Class<C> configType;
  private final Builder<C> builder;
  private final ConfigRecords<C> records;

  private LayerType(
      String name, Class<C> configType, Builder<C> builder, List<ValueType<?>> values) {
    this.name = name;
    this.configType = configType;
    this.builder = builder;
    this.records = new ConfigRecords<>(name, configType, values);
  }

  /** The type {@code name}, whose arguments are a {@code configType} record. */
  public static <C extends Record> LayerType<C> of(
      String name, Class<C> configType, Builder<C> builder, ValueType<?>... values) {
    return new LayerType<>(name, configType, builder, List.of(values));
  }

  /** The name in architecture JSON ({@code "dense"}); {@link Layer#typeName()} returns it. */
  public String name() {
    return name;
  }

  /** The config record's class. */
  public Class<C> configType() {
    return configType;
  }

  /** {@code config} as the JSON-friendly map {@link Layer#config()} returns. */
  public Map<String, Object> config(C config) {
    return records.write(config);
  }

  /**
   * The registry entry: reads the record from a config map and builds the layer. Children built on
   * the way (a container's layers) are closed again when anything after them fails.
   */
  public LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) -> {
      List<Layer> children = new ArrayList<>();
      try {
        return builder.build(records.read(config, backend, registry, children), backend);
      } catch (RuntimeException e) {
        children.forEach(Layer::close);
        throw e;
      }
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
