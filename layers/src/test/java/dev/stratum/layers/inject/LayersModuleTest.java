package dev.stratum.layers.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.inject.StratumModule;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LayersModuleTest {

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.TestBackends#names")
  void buildsASequentialFromJsonThroughTheInjector(String name) throws Exception {
    Backend b = Backends.get(name);
    Injector injector = Guice.createInjector(StratumModule.withBackend(name), new LayersModule());
    Map<String, LayerFactory> registry =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, LayerFactory>>() {}));
    assertThat(registry.keySet())
        .containsExactlyInAnyOrderElementsOf(StandardLayers.factories().keySet());
    assertThat(registry)
        .containsKeys("dense", "conv2d", "max_pool2d", "relu", "gelu", "softmax", "sequential");
    assertThat(injector.getInstance(Backend.class)).isSameAs(b);

    LayerOptions options = LayerOptions.defaults().on(b).seed(9);
    try (Sequential model =
            new Sequential(
                new Conv2d(1, 2, 3, 1, 1, false, options),
                new Activation.ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(2 * 3 * 3, 4, options),
                new Activation.GELU());
        TensorScope scope = TensorScope.open()) {
      Map<String, Object> config =
          JSON.std.mapFrom(
              JSON.std.asString(Map.of("type", model.typeName(), "config", model.config())));
      try (Layer copy = Sequential.build(injector.getInstance(Backend.class), config, registry)) {
        assertThat(copy.config()).isEqualTo(model.config());
        try (NoGrad ignored = Autograd.noGrad()) {
          model.parameters().forEach((key, value) -> copy.parameters().get(key).copyFrom(value));
        }
        Tensor x = Tensor.of(b, dev.stratum.layers.GradientAssert.normal(2 * 36, 1), 2, 1, 6, 6);
        assertThat(copy.forward(x).toArray()).containsExactly(model.forward(x).toArray());
      }
    }
  }
}
