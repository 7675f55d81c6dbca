package dev.stratum.optimizers.spec;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.callback.Callback;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.schedule.LearningRateSchedule;
import dev.stratum.optimizers.schedule.ReduceOnPlateau;
import dev.stratum.optimizers.schedule.Schedules;
import dev.stratum.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds an optimizer, and optionally its learning-rate schedule, from a JSON spec:
 *
 * <pre>{@code
 * {"optimizer": "adamw", "lr": 1e-3, "weight_decay": 0.01, "betas": [0.9, 0.99],
 *  "groups": [{"params": "bias$", "weight_decay": 0}],
 *  "schedule": {"type": "cosine", "t_max": 100, "per": "step"}}
 * }</pre>
 *
 * <ul>
 *   <li>{@code optimizer}: a registered name (see {@link BuiltIns}); {@code lr} (else the
 *       optimizer's default) and {@code weight_decay} [0; 0.01 for {@code adamw}] set the default
 *       group; every other key is the optimizer's own;
 *   <li>{@code groups}: parameters whose name matches a group's regular expression ({@code find},
 *       first group wins) go to that group, with its own {@code lr} and {@code weight_decay}; the
 *       rest stay in the default group. A pattern may be at most 1,000 characters long, with
 *       repetition counts that multiply to at most a million, and one that backtracks too much on a
 *       name (more than a million character reads) is refused, so a spec from an untrusted source
 *       cannot hang the program;
 *   <li>{@code schedule}: a registered {@code type} with its keys, applied {@code "per"} {@code
 *       "step"} (default) or {@code "epoch"} ({@link LearningRateSchedule#perStep()}, {@link
 *       LearningRateSchedule#perEpoch()}); or {@code "reduce_on_plateau"} with monitor
 *       ["val_loss"], mode ["min"], factor [0.1], patience [10], threshold [1e-4], threshold_mode
 *       ["rel"], cooldown [0], min_lr [0].
 * </ul>
 *
 * Unknown names and keys are errors that list the known ones.
 */
public final class OptimizerSpec {

  /** The schedule type handled here rather than by a {@link ScheduleFactory}. */
  public static final String REDUCE_ON_PLATEAU = "reduce_on_plateau";

  private final Map<String, OptimizerFactory> optimizers;
  private final Map<String, ScheduleFactory> schedules;

  /** What a spec builds: the optimizer, and the schedule and its callback when there is one. */
  public record Built(Optimizer optimizer, LearningRateSchedule schedule, Callback callback) {
    /** The callbacks to hand the training loop (empty without a schedule). */
    public List<Callback> callbacks() {
      return callback == null ? List.of() : List.of(callback);
    }
  }

  /** A parser over these registries (what {@code OptimizersModule} binds). */
  public OptimizerSpec(
      Map<String, OptimizerFactory> optimizers, Map<String, ScheduleFactory> schedules) {
    this.optimizers = Map.copyOf(optimizers);
    this.schedules = Map.copyOf(schedules);
  }

  /** A parser over the built-in optimizers and schedules, for use without Guice. */
  public static OptimizerSpec builtIn() {
    return new OptimizerSpec(BuiltIns.optimizers(), BuiltIns.schedules());
  }

  /** Builds from JSON text over {@code parameters} (names as in the model, in order). */
  public Built build(String json, Map<String, Tensor> parameters) {
    Map<String, Object> spec;
    try {
      spec = JSON.std.mapFrom(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("optimizer spec: not valid JSON: " + e.getMessage(), e);
    }
    return build(spec, parameters);
  }

  /** Builds from a parsed spec. */
  public Built build(Map<String, Object> spec, Map<String, Tensor> parameters) {
    Objects.requireNonNull(parameters, "parameters");
    Hyperparameters top = new Hyperparameters("optimizer spec", spec);
    String name = top.string("optimizer", null);
    if (name == null) {
      throw new IllegalArgumentException(
          "optimizer spec: missing key 'optimizer' (one of "
              + new TreeSet<>(optimizers.keySet())
              + ")");
    }
    OptimizerFactory factory = optimizers.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "optimizer spec: unknown optimizer '"
              + name
              + "' (known: "
              + new TreeSet<>(optimizers.keySet())
              + ")");
    }
    Hyperparameters settings = new Hyperparameters("optimizer '" + name + "'", spec);
    settings.has("optimizer");
    settings.has("schedule");
    settings.has("groups");
    double lr = settings.number("lr", factory.defaultLearningRate());
    if (Double.isNaN(lr)) {
      throw new IllegalArgumentException("optimizer '" + name + "': missing required key 'lr'");
    }
    double weightDecay = settings.number("weight_decay", factory.defaultWeightDecay());
    List<ParameterGroup> groups =
        groups(spec.get("groups"), parameters, lr, weightDecay, "optimizer '" + name + "'");
    Optimizer optimizer = factory.create(groups, settings);
    try {
      settings.checkAllUsed();
      Object scheduleSpec = spec.get("schedule");
      if (scheduleSpec == null) {
        return new Built(optimizer, null, null);
      }
      return withSchedule(optimizer, scheduleSpec);
    } catch (RuntimeException e) {
      optimizer.close();
      throw e;
    }
  }

  private static List<ParameterGroup> groups(
      Object groupsSpec, Map<String, Tensor> parameters, double lr, double decay, String owner) {
    List<Map<String, Tensor>> members = new ArrayList<>();
    List<double[]> settings = new ArrayList<>();
    List<ParameterPattern> patterns = new ArrayList<>();
    if (groupsSpec != null) {
      if (!(groupsSpec instanceof List<?> list)) {
        throw new IllegalArgumentException(owner + ": 'groups' must be a list, got " + groupsSpec);
      }
      for (int i = 0; i < list.size(); i++) {
        Hyperparameters g = new Hyperparameters(owner + " group " + i, asMap(list.get(i), owner));
        String regex = g.string("params", null);
        if (regex == null) {
          throw new IllegalArgumentException(
              owner + " group " + i + ": missing key 'params' (a regular expression)");
        }
        patterns.add(ParameterPattern.compile(regex, owner + " group " + i));
        settings.add(new double[] {g.number("lr", lr), g.number("weight_decay", decay)});
        g.checkAllUsed();
        members.add(new LinkedHashMap<>());
      }
    }
    Map<String, Tensor> rest = new LinkedHashMap<>();
    parameters.forEach(
        (name, tensor) -> {
          for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).find(name)) {
              members.get(i).put(name, tensor);
              return;
            }
          }
          rest.put(name, tensor);
        });
    List<ParameterGroup> groups = new ArrayList<>();
    if (!rest.isEmpty() || patterns.isEmpty()) {
      groups.add(new ParameterGroup(rest, lr, decay));
    }
    for (int i = 0; i < patterns.size(); i++) {
      if (members.get(i).isEmpty()) {
        throw new IllegalArgumentException(
            owner
                + " group "
                + i
                + ": 'params' /"
                + patterns.get(i)
                + "/ matches no parameter (parameters: "
                + parameters.keySet()
                + ")");
      }
      groups.add(new ParameterGroup(members.get(i), settings.get(i)[0], settings.get(i)[1]));
    }
    return groups;
  }

  private Built withSchedule(Optimizer optimizer, Object scheduleSpec) {
    Map<String, Object> map = asMap(scheduleSpec, "schedule");
    if (REDUCE_ON_PLATEAU.equals(map.get("type"))) {
      Hyperparameters h = new Hyperparameters("schedule '" + REDUCE_ON_PLATEAU + "'", map);
      h.has("type");
      ReduceOnPlateau plateau =
          new ReduceOnPlateau(
              h.string("monitor", "val_loss"),
              h.choice("mode", "min", "min", "max").equals("min")
                  ? ReduceOnPlateau.Mode.MIN
                  : ReduceOnPlateau.Mode.MAX,
              h.number("factor", 0.1),
              (int) h.integer("patience", 10),
              h.number("threshold", 1e-4),
              h.choice("threshold_mode", "rel", "rel", "abs").equals("rel")
                  ? ReduceOnPlateau.ThresholdMode.RELATIVE
                  : ReduceOnPlateau.ThresholdMode.ABSOLUTE,
              (int) h.integer("cooldown", 0),
              h.number("min_lr", 0));
      h.checkAllUsed();
      return new Built(optimizer, null, plateau);
    }
    Map<String, Object> withoutPer = new LinkedHashMap<>(map);
    Object per = withoutPer.remove("per");
    if (per != null && !per.equals("step") && !per.equals("epoch")) {
      throw new IllegalArgumentException(
          "schedule: 'per' must be \"step\" or \"epoch\", got " + per);
    }
    LearningRateSchedule schedule = schedule(withoutPer, schedules, "schedule");
    if (schedule instanceof Schedules.OneCycle oneCycle) {
      oneCycle.checkCanCycle(optimizer);
    }
    Callback callback = "epoch".equals(per) ? schedule.perEpoch() : schedule.perStep();
    return new Built(optimizer, schedule, callback);
  }

  /** Builds one schedule object ({@code {"type": ..., ...}}) through {@code registry}. */
  static LearningRateSchedule schedule(
      Object spec, Map<String, ScheduleFactory> registry, String owner) {
    Map<String, Object> map = asMap(spec, owner);
    Object type = map.get("type");
    ScheduleFactory factory = type == null ? null : registry.get(type.toString());
    if (factory == null) {
      TreeSet<String> known = new TreeSet<>(registry.keySet());
      known.add(REDUCE_ON_PLATEAU);
      throw new IllegalArgumentException(
          owner
              + ": "
              + (type == null ? "missing key 'type'" : "unknown type '" + type + "'")
              + " (known: "
              + known
              + ")");
    }
    Hyperparameters h = new Hyperparameters(owner + " '" + type + "'", map);
    h.has("type");
    LearningRateSchedule schedule = factory.create(h, registry);
    h.checkAllUsed();
    return schedule;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String owner) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(owner + ": expected a JSON object, got " + value);
  }
}
