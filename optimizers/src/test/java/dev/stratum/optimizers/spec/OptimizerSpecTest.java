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
import dev.stratum.optimizers.Adagrad;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.AdamW;
import dev.stratum.optimizers.Nadam;
import dev.stratum.optimizers.Sgd;
import dev.stratum.optimizers.TestBackends;
import dev.stratum.optimizers.WeightDecay;
import dev.stratum.optimizers.schedule.ReduceOnPlateau;
import dev.stratum.optimizers.schedule.Schedules;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
            {"optimizer": "nadam", "lr": 0.01, "weight_decay": 0.1, "betas": [0.9, 0.99],
             "momentum_decay": 0.001, "decoupled_weight_decay": true,
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
            "optimizer 'adam': unknown key 'beta3' (known keys: [amsgrad, betas,"
                + " decoupled_weight_decay, eps, groups, lr, maximize, optimizer, schedule,"
                + " weight_decay])");
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
    assertThatThrownBy(
            () -> specs.build("{\"optimizer\": \"adam\", \"betas\": [2, 0.9]}", parameters))
        .hasMessage("Adam: beta1 must be in [0.0, 1.0), got 2.0");
    assertThatThrownBy(() -> specs.build("{\"optimizer\": \"adam\", \"betas\": [0.9]}", parameters))
        .hasMessage("optimizer 'adam': 'betas' must be a list of two numbers, got [0.9]");
    assertThatThrownBy(() -> specs.build("{not json", parameters))
        .hasMessageStartingWith("optimizer spec: not valid JSON");
  }

  @Test
  @Timeout(60) // a hang guard, not a speed check: unbounded, this match would run for centuries
  void aPatternThatBacktracksCatastrophicallyIsRefusedWithItsNameAndTheParameter() {
    // Java memoizes simple nested loops such as (a+)+b; a counted group of .* is not memoized:
    // O(n^10) steps on a name of n a's without a 'b' (11 s at n = 32, far longer at n = 64)
    String name = "a".repeat(64);
    Map<String, Tensor> longName = new LinkedHashMap<>();
    longName.put(name, parameters.get("0.bias"));
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"groups\": [{\"params\":"
                        + " \"(.*a){10}b\"}]}",
                    longName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optimizer 'sgd' group 0: pattern /(.*a){10}b/ takes too long to match parameter '"
                + name
                + "' (more than 1,000,000 character reads; it backtracks too much): simplify the"
                + " regular expression");
    // a backreference defeats the memo too: exponential in the name's length
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"groups\": [{\"params\":"
                        + " \"(\\\\1?a)+b\"}]}",
                    longName))
        .hasMessageStartingWith(
            "optimizer 'sgd' group 0: pattern /(\\1?a)+b/ takes too long to match parameter");
    // the same pattern on a short name finishes and simply matches nothing
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"groups\": [{\"params\":"
                        + " \"(.*a){10}b\"}]}",
                    parameters))
        .hasMessageContaining("/(.*a){10}b/ matches no parameter");
  }

  @Test
  @Timeout(60) // a hang guard: these loops read no character, so only the count bound stops them
  void repetitionCountsThatMultiplyPastAMillionAreRefused() {
    String spec = "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"groups\": [{\"params\": \"%s\"}]}";
    // an empty group repeated: each iteration matches nothing, 2e9 x 2e9 of them
    assertThatThrownBy(
            () -> specs.build(spec.formatted("(?:(?:){2000000000}){2000000000}b"), parameters))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optimizer 'sgd' group 0: 'params' repeats too much: its repetition counts ({n})"
                + " multiply to more than 1,000,000, which could take for ever to match");
    assertThatThrownBy(() -> specs.build(spec.formatted("(?:(?:){1001}){1000}b"), parameters))
        .hasMessageContaining("repeats too much");
    // a product of exactly a million is allowed, runs, and here matches nothing
    assertThatThrownBy(() -> specs.build(spec.formatted("(?:(?:){1000}){1000}z"), parameters))
        .hasMessageContaining("/(?:(?:){1000}){1000}z/ matches no parameter");
    // the counts of everyday patterns are small: d{1} and w{0,3} multiply to 1
    try (Optimizer optimizer =
        specs.build(spec.formatted("^\\\\d{1}\\\\.w{0,3}eight"), parameters).optimizer()) {
      assertThat(optimizer.groups()).hasSize(2);
    }
  }

  @Test
  void aPatternLongerThanAThousandCharactersIsRefusedWithItsLength() {
    String spec =
        "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"groups\": [{\"params\": \"bias$\"},"
            + " {\"params\": \"%s\"}]}";
    assertThatThrownBy(() -> specs.build(spec.formatted("w".repeat(1_001)), parameters))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "optimizer 'sgd' group 1: 'params' is 1,001 characters long, more than the 1,000"
                + " allowed for a regular expression");
    // exactly 1,000 is allowed (and then matches nothing here)
    assertThatThrownBy(() -> specs.build(spec.formatted("w".repeat(1_000)), parameters))
        .hasMessageContaining("group 1: 'params' /w")
        .hasMessageEndingWith("/ matches no parameter (parameters: [0.weight, 0.bias])");
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

  @Test
  void keysAreNamedAsPyTorchNamesTheArguments() {
    OptimizerSpec.Built adagrad =
        specs.build(
            """
            {"optimizer": "adagrad", "lr": 0.1, "lr_decay": 0.01,
             "initial_accumulator_value": 0.5, "eps": 1e-9, "maximize": true}
            """,
            parameters);
    try (Optimizer optimizer = adagrad.optimizer()) {
      assertThat(((Adagrad) optimizer).maximize()).isTrue();
      assertThat(optimizer.groups().get(0).learningRate()).isEqualTo(0.1);
    }
    for (String spec :
        List.of(
            "{\"optimizer\": \"adam\", \"betas\": [0.8, 0.99], \"amsgrad\": true}",
            "{\"optimizer\": \"qhadam\", \"betas\": [0.9, 0.99], \"nus\": [0.5, 0.9]}",
            "{\"optimizer\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.9, \"dampening\": 0.1,"
                + " \"nesterov\": false, \"maximize\": true}",
            "{\"optimizer\": \"rmsprop\", \"alpha\": 0.9, \"centered\": true, \"momentum\": 0.1}",
            "{\"optimizer\": \"adadelta\", \"rho\": 0.95}",
            "{\"optimizer\": \"adamw\", \"decoupled_weight_decay\": true}")) {
      specs.build(spec, parameters).optimizer().close();
    }
    try (Optimizer adam =
        specs
            .build("{\"optimizer\": \"adam\", \"decoupled_weight_decay\": true}", parameters)
            .optimizer()) {
      assertThat(((Adam) adam).weightDecayMode()).isEqualTo(WeightDecay.DECOUPLED);
    }
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"adamw\", \"decoupled_weight_decay\": false}", parameters))
        .hasMessageStartingWith("AdamW: weight decay is decoupled by definition");
  }

  /** Records what the spec's logger says. */
  private static final class Recorder extends Handler {
    final List<String> messages = new ArrayList<>();

    @Override
    public void publish(LogRecord record) {
      messages.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void oldKeysStillWorkAndAreDeprecatedOnce() {
    Logger logger = Logger.getLogger(Hyperparameters.class.getName());
    Recorder recorder = new Recorder();
    logger.addHandler(recorder);
    Hyperparameters.resetDeprecationWarnings();
    try {
      String old =
          """
          {"optimizer": "adam", "beta1": 0.8, "beta2": 0.99, "weight_decay_mode": "decoupled"}
          """;
      String renamed =
          """
          {"optimizer": "adam", "betas": [0.8, 0.99], "decoupled_weight_decay": true}
          """;
      for (int i = 0; i < 2; i++) {
        try (Optimizer a = specs.build(old, parameters).optimizer();
            Optimizer b = specs.build(renamed, parameters).optimizer()) {
          assertThat(((Adam) a).momentum()).isEqualTo(((Adam) b).momentum()).isEqualTo(0.8);
          assertThat(((Adam) a).weightDecayMode()).isEqualTo(WeightDecay.DECOUPLED);
        }
      }
      assertThat(recorder.messages)
          .containsExactly(
              "WARNING optimizer 'adam': key 'beta1' is deprecated; write 'betas': [beta1, beta2]"
                  + " instead, as PyTorch names it (the old key still works for now; this warning"
                  + " is logged once)",
              "WARNING optimizer 'adam': key 'beta2' is deprecated; write 'betas': [beta1, beta2]"
                  + " instead, as PyTorch names it (the old key still works for now; this warning"
                  + " is logged once)",
              "WARNING optimizer 'adam': key 'weight_decay_mode' is deprecated; write"
                  + " 'decoupled_weight_decay': true (for \"decoupled\") or false instead, as"
                  + " PyTorch names it (the old key still works for now; this warning is logged"
                  + " once)");
      try (Optimizer adagrad =
              specs
                  .build("{\"optimizer\": \"adagrad\", \"initial_accumulator\": 0.1}", parameters)
                  .optimizer();
          Optimizer qhadam =
              specs
                  .build("{\"optimizer\": \"qhadam\", \"nu1\": 0.5, \"nu2\": 0.9}", parameters)
                  .optimizer()) {
        assertThat(recorder.messages)
            .anyMatch(
                m ->
                    m.contains(
                        "'initial_accumulator' is deprecated; write"
                            + " 'initial_accumulator_value'"))
            .anyMatch(m -> m.contains("'nu1' is deprecated; write 'nus': [nu1, nu2]"));
      }
      assertThatThrownBy(
              () ->
                  specs.build(
                      "{\"optimizer\": \"adam\", \"beta1\": 0.8, \"betas\": [0.8, 0.9]}",
                      parameters))
          .hasMessage("optimizer 'adam': give 'betas' or the deprecated 'beta1'/'beta2', not both");
    } finally {
      logger.removeHandler(recorder);
    }
  }

  @Test
  void oneCycleCyclesMomentumAndRefusesAnOptimizerWithoutOne() {
    OptimizerSpec.Built built =
        specs.build(
            """
            {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9,
             "schedule": {"type": "one_cycle", "total": 10, "base_momentum": 0.8}}
            """,
            parameters);
    try (Optimizer optimizer = built.optimizer()) {
      Schedules.OneCycle schedule = (Schedules.OneCycle) built.schedule();
      assertThat(schedule.cycleMomentum()).isTrue();
      assertThat(schedule.baseMomentum()).isEqualTo(0.8);
      assertThat(schedule.maxMomentum()).isEqualTo(0.95);
    }
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"adagrad\", \"schedule\": {\"type\": \"one_cycle\","
                        + " \"total\": 10}}",
                    parameters))
        .hasMessageStartingWith(
            "oneCycle: cycle_momentum needs an optimizer with momentum or beta1")
        .hasMessageContaining("got Adagrad");
    assertThatThrownBy(
            () ->
                specs.build(
                    "{\"optimizer\": \"sgd\", \"lr\": 1, \"schedule\": {\"type\":"
                        + " \"one_cycle\", \"total\": 10}}",
                    parameters))
        .hasMessageStartingWith("Sgd: built without momentum (0)");
    specs
        .build(
            "{\"optimizer\": \"adagrad\", \"schedule\": {\"type\": \"one_cycle\", \"total\":"
                + " 10, \"cycle_momentum\": false}}",
            parameters)
        .optimizer()
        .close();
  }
}
