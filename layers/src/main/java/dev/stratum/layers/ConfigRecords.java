package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The mapping between one config record class and its JSON config map that {@link LayerType}
 * describes: one {@link Key} per record component, each with the {@link Codec} of its Java type.
 */
final class ConfigRecords<C extends Record> {

  /** What reading a key needs beyond the map: where layers go and how children are found. */
  record Context(Backend backend, Map<String, LayerFactory> registry, List<Layer> built) {}

  /** How one Java type is read from, and written to, a config map. */
  private interface Codec {
    Object read(String type, Map<String, Object> config, String key, Context context);

    Object write(Object value);

    /** A {@link Default} literal as a value of this type. */
    default Object parse(String literal) {
      throw new IllegalArgumentException(
          "cannot be written as a literal; leave @Default empty and set the value in the record's"
              + " compact constructor");
    }
  }

  /** One record component: its key, accessor, codec, and what a missing key means. */
  private record Key(
      String name, Method accessor, Codec codec, boolean optional, Object fallback) {}

  private final String type;
  private final Constructor<C> constructor;
  private final List<Key> keys = new ArrayList<>();

  ConfigRecords(String type, Class<C> recordClass, List<LayerType.ValueType<?>> values) {
    this.type = type;
    RecordComponent[] components = recordClass.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(type + ": " + recordClass.getName() + " is not a record");
    }
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      parameterTypes[i] = component.getType();
      String where = type + ": " + nestedName(recordClass) + "." + component.getName();
      Codec codec = codec(component.getGenericType(), values, where);
      Default annotation = component.getAnnotation(Default.class);
      Object fallback = null;
      if (annotation != null && !annotation.value().isEmpty()) {
        try {
          fallback = codec.parse(annotation.value());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              where + ": @Default(\"" + annotation.value() + "\") " + e.getMessage(), e);
        }
      } else if (annotation != null && component.getType().isPrimitive()) {
        throw new IllegalArgumentException(
            where + ": a primitive cannot default to null; give @Default a value or box the type");
      }
      Method accessor = component.getAccessor();
      accessor.trySetAccessible();
      keys.add(new Key(component.getName(), accessor, codec, annotation != null, fallback));
    }
    try {
      constructor = recordClass.getDeclaredConstructor(parameterTypes);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(recordClass + " has no canonical constructor", e);
    }
    constructor.trySetAccessible();
  }

  /** The record as a config map, keys in component order. */
  Map<String, Object> write(C record) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (Key key : keys) {
      Object value;
      try {
        value = key.accessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(type + ": cannot read '" + key.name() + "'", e);
      }
      config.put(key.name(), value == null ? null : key.codec().write(value));
    }
    return config;
  }

  /** The record a config map describes; children built on the way are added to {@code built}. */
  C read(
      Map<String, Object> config,
      Backend backend,
      Map<String, LayerFactory> registry,
      List<Layer> built) {
    Context context = new Context(backend, registry, built);
    Object[] values = new Object[keys.size()];
    for (int i = 0; i < values.length; i++) {
      Key key = keys.get(i);
      boolean missing = config == null || config.get(key.name()) == null;
      values[i] =
          missing && key.optional()
              ? key.fallback()
              : key.codec().read(type, config, key.name(), context);
    }
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause; // the compact constructor's own check, with its own message
      }
      throw new IllegalStateException(type + ": cannot build " + constructor, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + ": cannot build " + constructor, e);
    }
  }

  // ------------------------------------------------------------------ codecs per Java type

  private static Codec codec(Type type, List<LayerType.ValueType<?>> values, String where) {
    if (type == int.class || type == Integer.class) {
      return new Scalar(
          (t, c, k) -> LayerConfig.integer(t, c, k), Integer::valueOf, "a whole number");
    }
    if (type == double.class || type == Double.class) {
      return new Scalar((t, c, k) -> LayerConfig.number(t, c, k), Double::valueOf, "a number");
    }
    if (type == boolean.class || type == Boolean.class) {
      return new Scalar((t, c, k) -> LayerConfig.bool(t, c, k), ConfigRecords::bool, "a boolean");
    }
    if (type == String.class) {
      return new Scalar((t, c, k) -> LayerConfig.string(t, c, k), s -> s, "a string");
    }
    if (type == Size2d.class) {
      return new Codec() {
        @Override
        public Object read(String t, Map<String, Object> c, String k, Context context) {
          return size2d(t, c, k);
        }

        @Override
        public Object write(Object value) {
          Size2d size = (Size2d) value;
          return size.isSquare() ? size.height() : LayerConfig.list(size.height(), size.width());
        }

        @Override
        public Object parse(String literal) {
          return Size2d.of(Integer.parseInt(literal));
        }
      };
    }
    if (type == Padding2d.class) {
      return new Codec() {
        @Override
        public Object read(String t, Map<String, Object> c, String k, Context context) {
          if (LayerConfig.required(t, c, k) instanceof String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
              case "same" -> Padding2d.SAME;
              case "valid" -> Padding2d.VALID;
              default ->
                  throw new IllegalArgumentException(
                      t
                          + ": config '"
                          + k
                          + "' must be a whole number, [height, width], 'same' or 'valid', got '"
                          + s
                          + "'");
            };
          }
          Size2d size = size2d(t, c, k);
          return Padding2d.of(size.height(), size.width());
        }

        @Override
        public Object write(Object value) {
          Padding2d padding = (Padding2d) value;
          if (padding.same()) {
            return "same";
          }
          return padding.height() == padding.width()
              ? padding.height()
              : LayerConfig.list(padding.height(), padding.width());
        }

        @Override
        public Object parse(String literal) {
          return Padding2d.of(Integer.parseInt(literal));
        }
      };
    }
    if (type instanceof Class<?> c && c.isEnum()) {
      return new EnumCodec(c.getEnumConstants());
    }
    if (type == Initializer.class) {
      return new Codec() {
        @Override
        public Object read(String t, Map<String, Object> c, String k, Context context) {
          return Initializer.fromConfig(LayerConfig.required(t, c, k));
        }

        @Override
        public Object write(Object value) {
          return ((Initializer) value).config();
        }
      };
    }
    if (type == Layer.class) {
      return new Codec() {
        @Override
        public Object read(String t, Map<String, Object> c, String k, Context context) {
          return child(LayerConfig.required(t, c, k), t + " " + k, context);
        }

        @Override
        public Object write(Object value) {
          return spec((Layer) value);
        }
      };
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = upperBound(p.getActualTypeArguments()[0]);
      if (element == Integer.class) {
        return new Codec() {
          @Override
          public Object read(String t, Map<String, Object> c, String k, Context context) {
            return LayerConfig.list(LayerConfig.integers(t, c, k));
          }

          @Override
          public Object write(Object value) {
            return new ArrayList<>((List<?>) value);
          }
        };
      }
      if (element == Layer.class) {
        return new Codec() {
          @Override
          public Object read(String t, Map<String, Object> c, String k, Context context) {
            List<Object> specs = LayerConfig.list(t, c, k);
            List<Layer> layers = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
              layers.add(child(specs.get(i), t + " layer " + i, context));
            }
            return layers;
          }

          @Override
          public Object write(Object value) {
            List<Object> specs = new ArrayList<>();
            for (Object layer : (List<?>) value) {
              specs.add(spec((Layer) layer));
            }
            return specs;
          }
        };
      }
    }
    for (LayerType.ValueType<?> value : values) {
      if (type == value.type()) {
        return new ValueCodec<>(value);
      }
    }
    throw new IllegalArgumentException(
        where
            + ": a config record cannot hold "
            + type.getTypeName()
            + " (int, double, boolean, String, an enum, List<Integer>, Size2d, Padding2d,"
            + " Initializer, Layer, List<Layer>, or a LayerType.ValueType)");
  }

  /** A whole number {@code n} as {@code (n, n)}, or a list {@code [height, width]}. */
  private static Size2d size2d(String type, Map<String, Object> config, String key) {
    Object value = LayerConfig.required(type, config, key);
    if (value instanceof List<?>) {
      int[] pair = LayerConfig.integers(type, config, key);
      if (pair.length != 2) {
        throw new IllegalArgumentException(
            type
                + ": config '"
                + key
                + "' must be a whole number or [height, width], got a list of "
                + pair.length);
      }
      return Size2d.of(pair[0], pair[1]);
    }
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException(
          type
              + ": config '"
              + key
              + "' must be a whole number or [height, width], got "
              + LayerConfig.describe(value));
    }
    return Size2d.of(LayerConfig.integer(type, config, key));
  }

  /** {@code Conv2d.Config} for the nested record {@code dev.stratum.layers.Conv2d$Config}. */
  private static String nestedName(Class<?> c) {
    String name = c.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  private static Type upperBound(Type type) {
    return type instanceof WildcardType w ? w.getUpperBounds()[0] : type;
  }

  /** A child layer from its {@code {"type", "config"}} map, remembered for cleanup. */
  private static Layer child(Object spec, String what, Context context) {
    Layer layer =
        Sequential.build(context.backend(), LayerConfig.map(what, spec), context.registry());
    context.built().add(layer);
    return layer;
  }

  private static Map<String, Object> spec(Layer layer) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", layer.typeName());
    spec.put("config", layer.config());
    return spec;
  }

  private static Boolean bool(String literal) {
    return switch (literal) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("is not true or false");
    };
  }

  /** Reads one key through {@link LayerConfig}, which names the type, the key and the value. */
  private interface Reader {
    Object read(String type, Map<String, Object> config, String key);
  }

  /** Numbers, booleans and strings: stored in JSON as they are. */
  private record Scalar(Reader reader, Function<String, Object> parser, String what)
      implements Codec {
    @Override
    public Object read(String type, Map<String, Object> config, String key, Context context) {
      return reader.read(type, config, key);
    }

    @Override
    public Object write(Object value) {
      return value;
    }

    @Override
    public Object parse(String literal) {
      try {
        return parser.apply(literal);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("is not " + what, e);
      }
    }
  }

  /** An enum constant, stored as its lower-case name and read back ignoring case. */
  private record EnumCodec(Object[] constants) implements Codec {
    @Override
    public Object read(String type, Map<String, Object> config, String key, Context context) {
      String name = LayerConfig.string(type, config, key);
      for (Object constant : constants) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(name)) {
          return constant;
        }
      }
      throw new IllegalArgumentException(
          type + ": " + key + " must be " + choices() + ", got '" + name + "'");
    }

    @Override
    public Object write(Object value) {
      return ((Enum<?>) value).name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Object parse(String literal) {
      for (Object constant : constants) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(literal)) {
          return constant;
        }
      }
      throw new IllegalArgumentException("is not " + choices());
    }

    /** {@code 'a'}, {@code 'a' or 'b'}, {@code 'a', 'b' or 'c'}. */
    private String choices() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < constants.length; i++) {
        if (i > 0) {
          sb.append(i == constants.length - 1 ? " or " : ", ");
        }
        sb.append('\'').append(write(constants[i])).append('\'');
      }
      return sb.toString();
    }
  }

  /** A {@link LayerType.ValueType}: a map in JSON, read and written by the functions it gives. */
  private record ValueCodec<V>(LayerType.ValueType<V> value) implements Codec {
    @Override
    public Object read(String type, Map<String, Object> config, String key, Context context) {
      return value
          .read()
          .apply(LayerConfig.map(type + " " + key, LayerConfig.required(type, config, key)));
    }

    @Override
    public Object write(Object v) {
      return value.write().apply(value.type().cast(v));
    }
  }
}
