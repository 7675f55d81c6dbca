package dev.stratum.optimizers.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.LearningRateCallback;
import dev.stratum.inject.Registries;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.AdamW;
import dev.stratum.optimizers.Nadam;
import dev.stratum.optimizers.Sgd;
import dev.stratum.optimizers.TestBackends;
import dev.stratum.optimizers.WeightDecay;
import dev.stratum.optimizers.schedule.ReduceOnPlateau;
import dev.stratum.optimizers.schedule.Schedules;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OptimizerSpecTest {

  private final OptimizerSpec specs = OptimizerSpec.builtIn();
  private Map<String, Tensor> parameters;

  @BeforeEach
  void parameters() {
    Backend backend = Backends.get(TestBackends.names().get(0));
    parameters = new LinkedHashMap<>();
    parameters.put("0.weight", Tensor.zeros(backend, 2, 2).requiresGrad(true));
    parameters.put("0.bias", Tensor.zeros(backend, 2).requiresGrad(true));
  }

  @AfterEach
  void close() {
    parameters.values().forEach(Tensor::close);
  }

  @Test
  void theIssuesExampleBuildsAdamWWithACosineSchedule() {
    OptimizerSpec.Built built =
        specs.build(
            """
            {"optimizer": "adamw", "lr": 1e-3, "weight_decay": 0.01,
             "schedule": {"type": "cosine", "t_max": 100}}
            """,
            parameters);
    try (Optimizer optimizer = built.optimizer()) {
      assertThat(optimizer).isInstanceOf(AdamW.class);
      assertThat(((AdamW) optimizer).weightDecayMode()).isEqualTo(WeightDecay.DECOUPLED);
      assertThat(optimizer.groups()).hasSize(1);
      assertThat(optimizer.groups().get(0).learningRate()).isEqualTo(1e-3);
      assertThat(optimizer.groups().get(0).weightDecay()).isEqualTo(0.01);
      assertThat(built.schedule()).isEqualTo(Schedules.cosine(100, 0));
      assertThat(built.callback()).isInstanceOf(LearningRateCallback.class);
      assertThat(built.callbacks()).hasSize(1);
    }
  }

  @Test
  void groupsSplitParametersByRegexAndOptimizerKeysAreRead() {
    OptimizerSpec.Built built =
        specs.build(
            """
            {"optimizer": "nadam", "lr": 0.01, "weight_decay": 0.1, "beta2": 0.99,
             "momentum_decay": 0.001, "weight_decay_mode": "decoupled",
             "groups": [{"params": "bias$", "weight_decay": 0, "lr": 0.02}]}
            """,
            parameters);
    try (Optimizer optimizer = built.optimizer()) {
      assertThat(optimizer).isInstanceOf(Nadam.class);
      assertThat(optimizer.groups()).hasSize(2);
      assertThat(optimizer.groups().get(0).parameters()).containsOnlyKeys("0.weight");
      assertThat(optimizer.groups().get(0).weightDecay()).isEqualTo(0.1);
      assertThat(optimizer.groups().get(1).parameters()).containsOnlyKeys("0.bias");
      assertThat(optimizer.groups().get(1).learningRate()).isEqualTo(0.02);
      assertThat(optimizer.groups().get(1).weightDecay()).isEqualTo(0.0);
      assertThat(built.callbacks()).isEmpty();
    }
  }

  @Test
  void defaultsApplyAndSequentialSchedulesCompose() {
    OptimizerSpec.Built built =
        specs.build(
            """
            {"optimizer": "nesterov", "lr": 0.1,
             "schedule": {"type": "sequential", "per": "epoch", "milestones": [5],
               "schedules": [{"type": "linear_warmup", "steps": 5},
                             {"type": "cosine", "t_max": 10, "min_factor": 0.1}]}}
            """,
            parameters);
    try (Optimizer optimizer = built.optimizer()) {
      assertThat(optimizer).isInstanceOf(Sgd.class);
      assertThat(built.schedule().factor(0)).isEqualTo(0);
      assertThat(built.schedule().factor(4)).isCloseTo(0.8, within(1e-12));
      assertThat(built.schedule().factor(10)).isCloseTo(0.55, within(1e-12));
    }
    try (Optimizer adagrad = specs.build("{\"optimizer\": \"adagrad\"}", parameters).optimizer()) {
      assertThat(adagrad.groups().get(0).learningRate()).isEqualTo(1e-2);
    }
  }

  @Test
  void pyTorchsDampeningAndLrDecayAreReadFromTheSpec() {
    // one step with gradient 1 everywhere shows nothing; two steps tell the options apart:
    // SGD τ = 0.5, γ = 0.9, η = 0.1: v₂ = 0.9·0.1 + 0.5·0.1 = 0.14, θ₂ = -0.1 - 0.14 = -0.24;
    // Adagrad d = 1, η = 0.1: θ₁ = -0.1, θ₂ = -0.1 - (0.1/2)·1/√2 = -0.1353553
    Map<String, Double> expected =
        Map.of(
            "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.9, \"dampening\": 0.5}",
            -0.24,
            "{\"optimizer\": \"adagrad\", \"lr\": 0.1, \"lr_decay\": 1.0}",
            -0.1 - 0.05 / Math.sqrt(2));
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      for (Tensor p : parameters.values()) {
        try (dev.stratum.tensor.NoGrad g = dev.stratum.tensor.Autograd.noGrad()) {
          p.fillInPlace(0f);
        }
      }
      try (Optimizer optimizer = specs.build(e.getKey(), parameters).optimizer()) {
        for (int step = 0; step < 2; step++) {
          for (Tensor p : parameters.values()) {
            p.setGrad(Tensor.ones(p.backend(), p.shape()));
          }
          optimizer.step();
        }
      }
      assertThat((double) parameters.get("0.bias").toArray()[0])
          .as(e.getKey())
          .isCloseTo(e.getValue(), within(1e-6));
    }
  }

  @Test
  void reduceOnPlateauIsAScheduleType() {
    OptimizerSpec.Built built =
        specs.build(
            """
            {"optimizer": "sgd", "lr": 0.1,
             "schedule": {"type": "reduce_on_plateau", "patience": 2, "mode": "max",
                          "monitor": "val_accuracy"}}
            """,
            parameters);
    try (Optimizer optimizer = built.optimizer()) {
      assertThat(built.callback()).isInstanceOf(ReduceOnPlateau.class);
      assertThat(built.schedule()).isNull();
    }
  }

  @Test
  void everyBuiltInBuildsByName() {
    for (String name : BuiltIns.optimizers().keySet()) {
      try (Optimizer o =
          specs.build("{\"optimizer\": \"" + name + "\", \"lr\": 0.01}", parameters).optimizer()) {
        assertThat(o.groups().get(0).learningRate()).as(name).isEqualTo(0.01);
      }
    }
  }

  @Test
  void mistakesAreNamedWithTheKnownChoices() {
    assertThatThrownBy(() -> specs.build("{\"optimizer\": \"adamx\"}", parameters))
        .hasMessage(
            "optimizer spec: unknown optimizer 'adamx' (known: [adadelta, adagrad, adam, adamax,"
                + " adamw, aggmo, amsgrad, momentum, nadam, nesterov, qhadam, rmsprop, sgd])");
    assertThatThrownBy(() -> specs.build("{\"optimizer\": \"adam\", \"beta3\": 0.5}", parameters))
        .hasMessage(
            "optimizer 'adam': unknown key 'beta3' (known keys: [amsgrad, beta1, beta2, eps, groups,"
                + " lr, optimizer, schedule, weight_decay, weight_decay_mode])");
    assertThatThrownBy(() -> specs.build("{\"optimizer\": \"sgd\"}", parameters))
        .hasMessage("optimizer 'sgd': missing required key 'lr'");
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"sgd\", \"lr\": 1, \"schedule\": {\"type\": \"cosin\"}}",
                    parameters))
        .hasMessageStartingWith("schedule: unknown type 'cosin' (known: [constant, cosine,")
        .hasMessageContaining("reduce_on_plateau");
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"sgd\", \"lr\": 1, \"schedule\": {\"type\": \"cosine\","
                        + " \"tmax\": 5}}",
                    parameters))
        .hasMessage("schedule 'cosine': missing required key 't_max'");
    assertThatThrownBy(
            () ->
                specs.build("{\"optimizer\": \"adam\", \"weight_decay_mode\": \"l1\"}", parameters))
        .hasMessage(
            "optimizer 'adam': 'weight_decay_mode' must be one of [l2, decoupled], got 'l1'");
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"adam\", \"groups\": [{\"params\": \"^nothing\"}]}",
                    parameters))
        .hasMessage(
            "optimizer 'adam' group 0: 'params' /^nothing/ matches no parameter (parameters:"
                + " [0.weight, 0.bias])");
    assertThatThrownBy(() -> specs.build("{\"optimizer\": \"adam\", \"beta1\": 2}", parameters))
        .hasMessage("Adam: beta1 must be in [0.0, 1.0), got 2.0");
    assertThatThrownBy(() -> specs.build("{not json", parameters))
        .hasMessageStartingWith("optimizer spec: not valid JSON");
  }

  @Test
  void guiceModuleRegistersEveryOptimizerAndScheduleAndAcceptsMore() {
    Injector injector =
        Guice.createInjector(
            new OptimizersModule(),
            new AbstractModule() {
              @Override
              protected void configure() {
                Registries.registry(binder(), OptimizerFactory.class)
                    .addBinding("plain")
                    .toInstance(
                        OptimizerFactory.of(0.5, (g, h) -> new Sgd(g, 0, false, WeightDecay.L2)));
              }
            });
    Map<String, OptimizerFactory> optimizers =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, OptimizerFactory>>() {}));
    Map<String, ScheduleFactory> schedules =
        injector.getInstance(Key.get(new TypeLiteral<Map<String, ScheduleFactory>>() {}));
    assertThat(optimizers.keySet()).containsAll(BuiltIns.optimizers().keySet()).contains("plain");
    assertThat(schedules.keySet())
        .containsExactlyInAnyOrderElementsOf(BuiltIns.schedules().keySet());
    OptimizerSpec spec = injector.getInstance(OptimizerSpec.class);
    try (Optimizer o = spec.build("{\"optimizer\": \"plain\"}", parameters).optimizer()) {
      assertThat(o.groups().get(0).learningRate()).isEqualTo(0.5);
    }
  }
}
