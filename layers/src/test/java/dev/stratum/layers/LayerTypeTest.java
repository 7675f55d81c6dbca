package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.regularization.ActivityRegularization;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The config records behind every layer type: what a config with only the required keys reads as,
 * that numbers may arrive in any JSON form, what a bad config is told, and how a record that the
 * mapping cannot handle fails.
 */
class LayerTypeTest {

  /**
   * Each registered type's smallest config (its required keys), and the config the layer then
   * reports: the defaults filled in, keys in the order model.json has always had them.
   */
  private static final Map<String, String[]> MINIMAL =
      Map.ofEntries(
          Map.entry(
              "dense",
              new String[] {
                "{'inFeatures':4,'outFeatures':3}",
                "{'inFeatures':4,'outFeatures':3,'bias':true,'weightInit':{'type':'fan_in_uniform'},"
                    + "'biasInit':{'type':'fan_in_uniform'}}"
              }),
          Map.entry(
              "conv2d",
              new String[] {
                "{'inChannels':2,'outChannels':3,'kernel':3}",
                "{'inChannels':2,'outChannels':3,'kernel':3,'stride':1,'padding':0,'dilation':1,"
                    + "'groups':1,'strictGeometry':false,'bias':true,'weightInit':{'type':'fan_in_uniform'},"
                    + "'biasInit':{'type':'fan_in_uniform'}}"
              }),
          Map.entry(
              "conv_transpose2d",
              new String[] {
                "{'inChannels':2,'outChannels':3,'kernel':3}",
                "{'inChannels':2,'outChannels':3,'kernel':3,'stride':1,'padding':0,"
                    + "'outputPadding':0,'dilation':1,'groups':1,'bias':true,'weightInit':{'type':'fan_in_uniform'},"
                    + "'biasInit':{'type':'fan_in_uniform'}}"
              }),
          Map.entry(
              "locally_connected2d",
              new String[] {
                "{'inChannels':2,'outChannels':3,'inHeight':4,'inWidth':5,'kernel':2}",
                "{'inChannels':2,'outChannels':3,'kernel':2,'stride':1,'padding':0,'inHeight':4,"
                    + "'inWidth':5,'bias':true,'weightInit':{'type':'fan_in_uniform'},"
                    + "'biasInit':{'type':'fan_in_uniform'}}"
              }),
          Map.entry(
              "embedding",
              new String[] {
                "{'count':6,'dim':4}",
                "{'count':6,'dim':4,'weightInit':{'type':'normal','mean':0.0,'std':1.0}}"
              }),
          Map.entry(
              "batch_norm1d",
              new String[] {
                "{'features':3}", "{'features':3,'momentum':0.1,'eps':1.0E-5,'affine':true}"
              }),
          Map.entry(
              "batch_norm2d",
              new String[] {
                "{'features':3}", "{'features':3,'momentum':0.1,'eps':1.0E-5,'affine':true}"
              }),
          // a pool's stride follows its kernel
          Map.entry(
              "max_pool2d",
              new String[] {
                "{'kernel':3}", "{'kernel':3,'stride':3,'padding':0,'dilation':1,'ceilMode':false}"
              }),
          Map.entry(
              "avg_pool2d",
              new String[] {
                "{'kernel':2}",
                "{'kernel':2,'stride':2,'padding':0,'ceilMode':false,'countIncludePad':true}"
              }),
          Map.entry("global_avg_pool2d", new String[] {"{}", "{'keepDims':false}"}),
          Map.entry(
              "layer_norm",
              new String[] {
                "{'normalizedShape':[4]}",
                "{'normalizedShape':[4],'eps':1.0E-5,'elementwiseAffine':true}"
              }),
          Map.entry("flatten", new String[] {"{}", "{}"}),
          Map.entry("reshape", new String[] {"{'shape':[2,-1]}", "{'shape':[2,-1]}"}),
          Map.entry("dropout", new String[] {"{'keepProbability':0.7}", "{'keepProbability':0.7}"}),
          Map.entry("upsample2d", new String[] {"{'scale':2}", "{'scale':2,'mode':'nearest'}"}),
          Map.entry(
              "sequential",
              new String[] {
                "{'layers':[{'type':'relu'},{'type':'max_pool2d','config':{'kernel':2}}]}",
                "{'layers':[{'type':'relu','config':{}},"
                    + "{'type':'max_pool2d','config':{'kernel':2,'stride':2,'padding':0,"
                    + "'dilation':1,'ceilMode':false}}]}"
              }),
          Map.entry("relu", new String[] {"{}", "{}"}),
          Map.entry("leaky_relu", new String[] {"{}", "{'slope':0.01}"}),
          Map.entry("elu", new String[] {"{}", "{'alpha':1.0}"}),
          Map.entry("sigmoid", new String[] {"{}", "{}"}),
          Map.entry("tanh", new String[] {"{}", "{}"}),
          Map.entry("softmax", new String[] {"{}", "{'axis':-1}"}),
          Map.entry("softplus", new String[] {"{}", "{}"}),
          Map.entry("gelu", new String[] {"{}", "{'approximate':'tanh'}"}),
          Map.entry("identity", new String[] {"{}", "{}"}),
          Map.entry(
              "activity_regularization",
              new String[] {
                "{'layer':{'type':'tanh'},'penalty':{'type':'kl_sparsity','target':0.1,"
                    + "'weight':2.0}}",
                "{'layer':{'type':'tanh','config':{}},'penalty':{'type':'kl_sparsity',"
                    + "'target':0.1,'weight':2.0}}"
              }));

  private static Map<String, LayerFactory> registry() {
    Map<String, LayerFactory> registry = new LinkedHashMap<>(StandardLayers.factories());
    registry.put(ActivityRegularization.TYPE.name(), ActivityRegularization.TYPE.factory());
    return registry;
  }

  private static Map<String, Object> json(String text) throws Exception {
    return JSON.std.mapFrom(text.replace('\'', '"'));
  }

  @Test
  void everyRegisteredTypeFillsItsDefaultsAndWritesBackWhatItRead() throws Exception {
    Backend b = Backends.get();
    int before = b.liveStorages();
    Map<String, LayerFactory> registry = registry();
    assertThat(new TreeSet<>(MINIMAL.keySet())).isEqualTo(new TreeSet<>(registry.keySet()));
    for (Map.Entry<String, String[]> e : MINIMAL.entrySet()) {
      String type = e.getKey();
      String expected = JSON.std.asString(json(e.getValue()[1]));
      try (Layer layer = registry.get(type).create(b, json(e.getValue()[0]), registry)) {
        assertThat(layer.typeName()).isEqualTo(type);
        assertThat(JSON.std.asString(layer.config())).as(type).isEqualTo(expected);
        // the full config reads back to the same config
        try (Layer copy = registry.get(type).create(b, json(expected), registry)) {
          assertThat(JSON.std.asString(copy.config())).as(type).isEqualTo(expected);
        }
      }
    }
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  @Test
  void wholeNumbersMayArriveAsAnyJsonNumber() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("inChannels", 2L);
    config.put("outChannels", new BigDecimal("3"));
    config.put("kernel", 3.0);
    config.put("stride", 2);
    try (Layer conv = StandardLayers.build(Backends.get(), "conv2d", config)) {
      assertThat(conv.config())
          .containsEntry("inChannels", 2)
          .containsEntry("outChannels", 3)
          .containsEntry("kernel", 3)
          .containsEntry("stride", 2);
    }
  }

  @Test
  void badConfigsNameTheTypeTheKeyAndTheValue() {
    Backend b = Backends.get();
    assertThatThrownBy(() -> StandardLayers.build(b, "conv2d", Map.of("inChannels", 2)))
        .hasMessage("conv2d: config is missing 'outChannels' (got keys [inChannels])");
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    b, "conv2d", Map.of("inChannels", 2, "outChannels", 3, "kernel", "3")))
        .hasMessage(
            "conv2d: config 'kernel' must be a whole number or [height, width], got '3'"
                + " (String)");
    assertThatThrownBy(
            () -> StandardLayers.build(b, "batch_norm1d", Map.of("features", 3, "affine", "yes")))
        .hasMessage("batch_norm1d: config 'affine' must be true or false, got 'yes' (String)");
    assertThatThrownBy(() -> StandardLayers.build(b, "reshape", Map.of("shape", List.of(2, 0.5))))
        .hasMessage("reshape: config 'shape[1]' must be a whole number, got '0.5' (Double)");
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    b, "dense", Map.of("inFeatures", 2, "outFeatures", 3, "weightInit", "glorot")))
        .hasMessageStartingWith("initializer: unknown type 'glorot'");
    assertThatThrownBy(
            () -> StandardLayers.build(b, "sequential", Map.of("layers", List.of("dense"))))
        .hasMessage("sequential layer 0: expected a map, got 'dense' (String)");
    // the record's own checks still run, with the layer's messages
    assertThatThrownBy(
            () -> StandardLayers.build(b, "max_pool2d", Map.of("kernel", 2, "padding", 2)))
        .hasMessage("MaxPool2d: padding 2 must be at most half the kernel 2");
  }

  @Test
  void childrenBuiltBeforeAFailureAreClosed() {
    Backend b = Backends.get();
    int before = b.liveStorages();
    Map<String, Object> dense =
        Map.of("type", "dense", "config", Map.of("inFeatures", 2, "outFeatures", 2));
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    b, "sequential", Map.of("layers", List.of(dense, dense, Map.of("type", "x")))))
        .hasMessageStartingWith("no layer type 'x' is registered");
    assertThatThrownBy(
            () ->
                ActivityRegularization.TYPE
                    .factory()
                    .create(b, Map.of("layer", dense, "penalty", Map.of("type", "l3")), registry()))
        .hasMessageStartingWith("activity penalty: unknown type \"l3\"");
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  enum Colour {
    RED,
    DARK_BLUE
  }

  /** Every kind of component the mapping handles, with and without defaults. */
  record Everything(
      int count,
      @Default("2") int step,
      @Default("0.5") double rate,
      @Default("false") boolean flag,
      @Default("plain") String label,
      @Default("dark_blue") Colour colour,
      @Default Integer following,
      @Default Initializer init,
      @Default List<Integer> sizes) {
    Everything {
      following = Objects.requireNonNullElse(following, count);
      init = Objects.requireNonNullElse(init, Initializer.heNormal());
      sizes = sizes == null ? List.of() : List.copyOf(sizes);
    }
  }

  private static final LayerType<Everything> EVERYTHING =
      LayerType.of("everything", Everything.class, (c, backend) -> new Flatten());

  private static Everything read(Map<String, Object> config) {
    Everything[] seen = new Everything[1];
    LayerType<Everything> capturing =
        LayerType.of(
            "everything",
            Everything.class,
            (c, backend) -> {
              seen[0] = c;
              return new Flatten();
            });
    capturing.factory().create(Backends.get(), config, Map.of());
    return seen[0];
  }

  @Test
  void missingKeysTakeTheirDefaultsAndTheRecordResolvesTheRest() {
    assertThat(read(Map.of("count", 5)))
        .isEqualTo(
            new Everything(
                5, 2, 0.5, false, "plain", Colour.DARK_BLUE, 5, Initializer.heNormal(), List.of()));
    Everything full =
        new Everything(7, 3, 0.25, true, "x", Colour.RED, 1, Initializer.zeros(), List.of(4, 5));
    Map<String, Object> config = EVERYTHING.config(full);
    assertThat(config.keySet())
        .containsExactly(
            "count", "step", "rate", "flag", "label", "colour", "following", "init", "sizes");
    assertThat(config)
        .containsEntry("colour", "red")
        .containsEntry("init", Map.of("type", "constant", "value", 0.0))
        .containsEntry("sizes", List.of(4, 5));
    assertThat(read(config)).isEqualTo(full);
    assertThatThrownBy(() -> read(Map.of("count", 1, "colour", "green")))
        .hasMessage("everything: colour must be 'red' or 'dark_blue', got 'green'");
    assertThatThrownBy(() -> read(Map.of()))
        .hasMessage("everything: config is missing 'count' (got keys [])");
    assertThatThrownBy(() -> read(null)).hasMessage("everything: no config given (need 'count')");
  }

  record BadLiteral(@Default("one") int count) {}

  record NullPrimitive(@Default int count) {}

  record Unsupported(java.time.Duration timeout) {}

  record NoLiteral(@Default("he_normal") Initializer init) {}

  @Test
  void aRecordTheMappingCannotHandleFailsWhenItsTypeIsCreated() {
    assertThatThrownBy(() -> LayerType.of("bad", BadLiteral.class, (c, b) -> new Flatten()))
        .hasMessage("bad: LayerTypeTest.BadLiteral.count: @Default(\"one\") is not a whole number");
    assertThatThrownBy(() -> LayerType.of("bad", NullPrimitive.class, (c, b) -> new Flatten()))
        .hasMessage(
            "bad: LayerTypeTest.NullPrimitive.count: a primitive cannot default to null; give"
                + " @Default a value or box the type");
    assertThatThrownBy(() -> LayerType.of("bad", Unsupported.class, (c, b) -> new Flatten()))
        .hasMessageStartingWith(
            "bad: LayerTypeTest.Unsupported.timeout: a config record cannot hold"
                + " java.time.Duration");
    assertThatThrownBy(() -> LayerType.of("bad", NoLiteral.class, (c, b) -> new Flatten()))
        .hasMessageStartingWith(
            "bad: LayerTypeTest.NoLiteral.init: @Default(\"he_normal\") cannot be written as a"
                + " literal");
  }

  /** A value type of the test's own, stored as a map. */
  record Window(int from, int to) {
    Map<String, Object> toMap() {
      return Map.of("from", from, "to", to);
    }

    static Window fromMap(Map<String, Object> map) {
      return new Window(
          LayerConfig.integer("window", map, "from"), LayerConfig.integer("window", map, "to"));
    }
  }

  record Windowed(Window window) {}

  @Test
  void aValueTypeGivenToTheLayerTypeIsWrittenAndReadByItsFunctions() {
    Windowed[] seen = new Windowed[1];
    LayerType<Windowed> type =
        LayerType.of(
            "windowed",
            Windowed.class,
            (c, backend) -> {
              seen[0] = c;
              return new Flatten();
            },
            new LayerType.ValueType<>(Window.class, Window::toMap, Window::fromMap));
    Map<String, Object> config = type.config(new Windowed(new Window(1, 4)));
    assertThat(config).isEqualTo(Map.of("window", Map.of("from", 1, "to", 4)));
    type.factory().create(Backends.get(), config, Map.of());
    assertThat(seen[0]).isEqualTo(new Windowed(new Window(1, 4)));
    assertThatThrownBy(() -> type.factory().create(Backends.get(), Map.of("window", 3), Map.of()))
        .hasMessage("windowed window: expected a map, got '3' (Integer)");
  }
}
