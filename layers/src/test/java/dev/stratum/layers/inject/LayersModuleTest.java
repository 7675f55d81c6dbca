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
import dev.stratum.layers.loss.CrossEntropy;
import dev.stratum.layers.loss.LossFactory;
import dev.stratum.layers.loss.Losses;
import dev.stratum.layers.loss.LossesModule;
import dev.stratum.layers.regularization.ActivityRegularization;
import dev.stratum.layers.regularization.RegularizationModule;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
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
    Set<String> expected = new TreeSet<>(StandardLayers.factories().keySet());
    expected.add(ActivityRegularization.TYPE.name());
    assertThat(registry.keySet()).containsExactlyInAnyOrderElementsOf(expected);
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

  @Test
  void oneModuleRegistersEveryLayerActivationAndLossByName() {
    Injector injector = Guice.createInjector(new LayersModule());
    Map<String, LossFactory> losses =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {}));
    assertThat(losses.keySet()).containsExactlyInAnyOrderElementsOf(Losses.builtIn().keySet());
    assertThat(losses).containsKeys("mse", "cross_entropy", "huber", "kl_divergence");
    assertThat(Losses.create(Map.of("type", "cross_entropy"), losses))
        .isInstanceOf(CrossEntropy.class);
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, LayerFactory>>() {})))
        .containsKeys("dense", "relu", "activity_regularization");
  }

  @Test
  void installingTheLossAndRegularisationModulesBesideItRegistersEachNameOnce() {
    // a duplicate name would be a Guice binding error; equal modules are installed once
    Injector injector =
        Guice.createInjector(
            new LayersModule(), new LossesModule(), new RegularizationModule(), new LayersModule());
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {})))
        .hasSameSizeAs(Losses.builtIn());
    assertThat(new LayersModule()).isEqualTo(new LayersModule()).isNotEqualTo(new LossesModule());
  }
}
