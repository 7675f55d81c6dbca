package dev.stratum.layers.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stratum.nn.Loss;
import dev.stratum.nn.Reduction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building losses by name from configuration maps, with and without Guice. */
class LossesTest {

  @Test
  void buildsALossFromAConfigurationMap() {
    Loss loss = Losses.create(Map.of("type", "huber", "delta", 0.5, "reduction", "sum"));
    assertThat(loss).isInstanceOf(Huber.class);
    Huber huber = (Huber) loss;
    assertThat(huber.delta()).isEqualTo(0.5f);
    assertThat(huber.reduction()).isEqualTo(Reduction.SUM);
    assertThat(Losses.create(Map.of("type", "mse"))).isInstanceOf(MeanSquaredError.class);
    assertThat(((ReducingLoss) Losses.create(Map.of("type", "dice", "smoothing", 2))).config())
        .containsEntry("smoothing", 2.0);
  }

  @Test
  void optionsRoundTripThroughTheConfigWithPyTorchsNames() {
    Map<String, Object> ce =
        Map.of(
            "type",
            "sparse_cross_entropy",
            "class_weights",
            java.util.List.of(0.5, 2.0),
            "label_smoothing",
            0.1,
            "ignore_index",
            -100);
    ReducingLoss loss = (ReducingLoss) Losses.create(ce);
    assertThat(loss.config())
        .containsEntry("class_weights", java.util.List.of(0.5, 2.0))
        .containsEntry("ignore_index", -100)
        .containsEntry("label_smoothing", (double) 0.1f);
    assertThat(((ReducingLoss) Losses.create(loss.config())).config()).isEqualTo(loss.config());
    for (Map<String, Object> config :
        java.util.List.<Map<String, Object>>of(
            Map.of("type", "dice", "denominator", "squared", "over", "batch"),
            Map.of("type", "multi_margin", "p", 2, "margin", 0.5),
            Map.of("type", "bce", "clamp", "pytorch"),
            Map.of("type", "smooth_l1", "beta", 0.25),
            Map.of("type", "pseudo_huber", "delta", 2.0))) {
      ReducingLoss built = (ReducingLoss) Losses.create(config);
      assertThat(built.config()).containsAllEntriesOf(config);
      assertThat(((ReducingLoss) Losses.create(built.config())).config()).isEqualTo(built.config());
    }
    assertThat(Losses.create(Map.of("type", "pseudo_huber"))).isInstanceOf(PseudoHuber.class);
    assertThat(Losses.create(Map.of("type", "smooth_l1"))).isInstanceOf(SmoothL1.class);
    assertThatThrownBy(() -> Losses.create(Map.of("type", "dice", "denominator", "cubic")))
        .hasMessage("dice: option \"denominator\" must be one of [linear, squared], got \"cubic\"");
    assertThatThrownBy(() -> Losses.create(Map.of("type", "multi_margin", "p", 1.5)))
        .hasMessage("multi_margin: option \"p\" must be a whole number, got \"1.5\"");
  }

  @Test
  void everyBuiltInLossRoundTripsThroughItsConfig() {
    for (String type : Losses.builtIn().keySet()) {
      for (Reduction reduction : Reduction.values()) {
        ReducingLoss loss =
            (ReducingLoss)
                Losses.create(Map.of("type", type, "reduction", reduction.name().toLowerCase()));
        assertThat(loss.name()).isEqualTo(type);
        assertThat(loss.reduction()).isEqualTo(reduction);
        ReducingLoss again = (ReducingLoss) Losses.create(loss.config());
        assertThat(again.getClass()).isEqualTo(loss.getClass());
        assertThat(again.config()).isEqualTo(loss.config());
      }
    }
    assertThat(Losses.builtIn())
        .containsOnlyKeys(
            "mse",
            "l1",
            "huber",
            "smooth_l1",
            "pseudo_huber",
            "bce",
            "bce_with_logits",
            "cross_entropy",
            "sparse_cross_entropy",
            "hinge",
            "squared_hinge",
            "multiclass_hinge",
            "squared_multiclass_hinge",
            "multi_margin",
            "dice",
            "kl_divergence",
            "gaussian_kl_divergence",
            "js_divergence");
  }

  @Test
  void badConfigurationsAreNamed() {
    assertThatThrownBy(() -> Losses.create(Map.of("type", "hubber")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown loss type \"hubber\"; known types: [mse, l1, huber,");
    assertThatThrownBy(() -> Losses.create(Map.of("delta", 1.0)))
        .hasMessageStartingWith("loss configuration {delta=1.0} has no \"type\"; known types: [");
    assertThatThrownBy(() -> Losses.create(Map.of("type", "huber", "detla", 1.0)))
        .hasMessage("huber: unknown option(s) [detla]; this loss takes [delta, reduction]");
    assertThatThrownBy(() -> Losses.create(Map.of("type", "mse", "reduction", "average")))
        .hasMessage("mse: reduction must be \"mean\", \"sum\" or \"none\", got \"average\"");
    assertThatThrownBy(() -> Losses.create(Map.of("type", "huber", "delta", "one")))
        .hasMessage("huber: option \"delta\" must be a number, got \"one\"");
  }

  @Test
  void guiceModuleRegistersEveryBuiltInLoss() {
    Injector injector = Guice.createInjector(new LossesModule());
    Map<String, LossFactory> registry =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {}));
    assertThat(registry).containsOnlyKeys(Losses.builtIn().keySet());
    Loss loss = Losses.create(Map.of("type", "bce_with_logits", "reduction", "none"), registry);
    assertThat(((ReducingLoss) loss).reduction()).isEqualTo(Reduction.NONE);
  }
}
