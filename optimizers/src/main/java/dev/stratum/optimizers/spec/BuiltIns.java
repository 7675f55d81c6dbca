package dev.stratum.optimizers.spec;

import dev.stratum.optimizers.AdaMax;
import dev.stratum.optimizers.Adadelta;
import dev.stratum.optimizers.Adagrad;
import dev.stratum.optimizers.Adam;
import dev.stratum.optimizers.AdamW;
import dev.stratum.optimizers.AggMo;
import dev.stratum.optimizers.Nadam;
import dev.stratum.optimizers.QhAdam;
import dev.stratum.optimizers.RmsProp;
import dev.stratum.optimizers.Sgd;
import dev.stratum.optimizers.WeightDecay;
import dev.stratum.optimizers.schedule.LearningRateSchedule;
import dev.stratum.optimizers.schedule.Schedules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizers and schedules of this module by name, with the spec keys each reads (defaults in
 * brackets). Every optimizer also reads {@code "weight_decay_mode"}: {@code "l2"} or {@code
 * "decoupled"} (default {@code "l2"}), except {@code adamw}, which is always decoupled.
 *
 * <ul>
 *   <li>{@code sgd} (lr required): momentum [0], nesterov [false]; {@code momentum}: momentum
 *       [0.9]; {@code nesterov}: momentum [0.9];
 *   <li>{@code adagrad} [lr 0.01]: eps [1e-10], initial_accumulator [0];
 *   <li>{@code adadelta} [lr 1, a multiplier]: rho [0.9], eps [1e-6];
 *   <li>{@code rmsprop} [lr 0.01]: alpha [0.99], eps [1e-8], momentum [0], centered [false];
 *   <li>{@code adam}, {@code amsgrad}, {@code adamw} [lr 0.001]: beta1 [0.9], beta2 [0.999], eps
 *       [1e-8], amsgrad [false; true for amsgrad];
 *   <li>{@code adamax} [lr 0.002]: beta1, beta2, eps; {@code nadam} [lr 0.002]: beta1, beta2, eps,
 *       momentum_decay [0.004];
 *   <li>{@code qhadam} [lr 0.001]: beta1 [0.995], beta2 [0.999], nu1 [0.7], nu2 [1], eps [1e-8];
 *   <li>{@code aggmo} [lr 0.1]: betas [[0, 0.9, 0.99]].
 * </ul>
 *
 * Schedules: {@code constant}; {@code time_constant}: tau; {@code step}: step_size, gamma [0.1];
 * {@code exponential}: gamma; {@code inverse_time}: rate, steps [1]; {@code polynomial}: total,
 * power [1], end_factor [0]; {@code cosine}: t_max, min_factor [0]; {@code cosine_warm_restarts}:
 * t_0, t_mult [1], min_factor [0]; {@code linear_warmup}: steps, start_factor [0]; {@code
 * one_cycle}: total, pct_start [0.3], div_factor [25], final_div_factor [1e4]; {@code sequential}:
 * schedules (a list of schedule objects), milestones (the step at which each next one starts).
 */
public final class BuiltIns {

  private BuiltIns() {}

  /** Every built-in optimizer by name. */
  public static Map<String, OptimizerFactory> optimizers() {
    Map<String, OptimizerFactory> all = new LinkedHashMap<>();
    all.put("sgd", sgd(0, false));
    all.put("momentum", sgd(0.9, false));
    all.put("nesterov", sgd(0.9, true));
    all.put(
        "adagrad",
        OptimizerFactory.of(
            Adagrad.DEFAULT_LEARNING_RATE,
            (g, h) ->
                new Adagrad(
                    g,
                    h.number("eps", 1e-10),
                    h.number("initial_accumulator", 0),
                    h.number("lr_decay", 0),
                    decay(h))));
    all.put(
        "adadelta",
        OptimizerFactory.of(
            1.0, (g, h) -> new Adadelta(g, h.number("rho", 0.9), h.number("eps", 1e-6), decay(h))));
    all.put(
        "rmsprop",
        OptimizerFactory.of(
            RmsProp.DEFAULT_LEARNING_RATE,
            (g, h) ->
                new RmsProp(
                    g,
                    h.number("alpha", 0.99),
                    h.number("eps", 1e-8),
                    h.number("momentum", 0),
                    h.flag("centered", false),
                    decay(h))));
    all.put("adam", adam(false));
    all.put("amsgrad", adam(true));
    all.put(
        "adamw",
        OptimizerFactory.of(
            Adam.DEFAULT_LEARNING_RATE,
            (g, h) ->
                new AdamW(
                    g,
                    h.number("beta1", 0.9),
                    h.number("beta2", 0.999),
                    h.number("eps", 1e-8),
                    h.flag("amsgrad", false))));
    all.put(
        "adamax",
        OptimizerFactory.of(
            AdaMax.DEFAULT_LEARNING_RATE,
            (g, h) ->
                new AdaMax(
                    g,
                    h.number("beta1", 0.9),
                    h.number("beta2", 0.999),
                    h.number("eps", 1e-8),
                    decay(h))));
    all.put(
        "nadam",
        OptimizerFactory.of(
            Nadam.DEFAULT_LEARNING_RATE,
            (g, h) ->
                new Nadam(
                    g,
                    h.number("beta1", 0.9),
                    h.number("beta2", 0.999),
                    h.number("eps", 1e-8),
                    h.number("momentum_decay", 0.004),
                    decay(h))));
    all.put(
        "qhadam",
        OptimizerFactory.of(
            1e-3,
            (g, h) ->
                new QhAdam(
                    g,
                    h.number("beta1", 0.995),
                    h.number("beta2", 0.999),
                    h.number("nu1", 0.7),
                    h.number("nu2", 1.0),
                    h.number("eps", 1e-8),
                    decay(h))));
    all.put(
        "aggmo",
        OptimizerFactory.of(
            0.1, (g, h) -> new AggMo(g, h.numbers("betas", List.of(0.0, 0.9, 0.99)), decay(h))));
    return all;
  }

  private static OptimizerFactory sgd(double momentum, boolean nesterov) {
    return OptimizerFactory.of(
        Double.NaN,
        (g, h) ->
            new Sgd(
                g,
                h.number("momentum", momentum),
                h.number("dampening", 0),
                h.flag("nesterov", nesterov),
                decay(h)));
  }

  private static OptimizerFactory adam(boolean amsgrad) {
    return OptimizerFactory.of(
        Adam.DEFAULT_LEARNING_RATE,
        (g, h) ->
            new Adam(
                g,
                h.number("beta1", 0.9),
                h.number("beta2", 0.999),
                h.number("eps", 1e-8),
                h.flag("amsgrad", amsgrad),
                decay(h)));
  }

  private static WeightDecay decay(Hyperparameters h) {
    return decay(h, WeightDecay.L2);
  }

  private static WeightDecay decay(Hyperparameters h, WeightDecay fallback) {
    String mode = h.choice("weight_decay_mode", fallback.name().toLowerCase(), "l2", "decoupled");
    return mode.equals("l2") ? WeightDecay.L2 : WeightDecay.DECOUPLED;
  }

  /** Every built-in schedule by name. */
  public static Map<String, ScheduleFactory> schedules() {
    Map<String, ScheduleFactory> all = new LinkedHashMap<>();
    all.put("constant", (h, r) -> Schedules.constant());
    all.put("time_constant", (h, r) -> Schedules.timeConstant(h.requiredNumber("tau")));
    all.put(
        "step", (h, r) -> Schedules.step(h.requiredInteger("step_size"), h.number("gamma", 0.1)));
    all.put("exponential", (h, r) -> Schedules.exponential(h.requiredNumber("gamma")));
    all.put(
        "inverse_time",
        (h, r) -> Schedules.inverseTime(h.requiredNumber("rate"), h.integer("steps", 1)));
    all.put(
        "polynomial",
        (h, r) ->
            Schedules.polynomial(
                h.requiredInteger("total"), h.number("power", 1), h.number("end_factor", 0)));
    all.put(
        "cosine",
        (h, r) -> Schedules.cosine(h.requiredInteger("t_max"), h.number("min_factor", 0)));
    all.put(
        "cosine_warm_restarts",
        (h, r) ->
            Schedules.cosineWarmRestarts(
                h.requiredInteger("t_0"), h.integer("t_mult", 1), h.number("min_factor", 0)));
    all.put(
        "linear_warmup",
        (h, r) -> Schedules.linearWarmup(h.requiredInteger("steps"), h.number("start_factor", 0)));
    all.put(
        "one_cycle",
        (h, r) ->
            new Schedules.OneCycle(
                h.requiredInteger("total"),
                h.number("pct_start", 0.3),
                h.number("div_factor", 25),
                h.number("final_div_factor", 1e4)));
    all.put("sequential", BuiltIns::sequential);
    return all;
  }

  private static LearningRateSchedule sequential(
      Hyperparameters h, Map<String, ScheduleFactory> registry) {
    List<?> parts = h.list("schedules");
    List<Double> milestones = h.numbers("milestones", List.of());
    if (parts.isEmpty() || milestones.size() != parts.size() - 1) {
      throw new IllegalArgumentException(
          h.owner()
              + ": needs n schedules and n − 1 milestones, got "
              + parts.size()
              + " and "
              + milestones.size());
    }
    List<LearningRateSchedule> schedules = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      schedules.add(OptimizerSpec.schedule(parts.get(i), registry, h.owner() + " part " + i));
    }
    LearningRateSchedule result = schedules.get(schedules.size() - 1);
    for (int i = schedules.size() - 2; i >= 0; i--) {
      long start = i == 0 ? 0 : milestones.get(i - 1).longValue();
      long length = milestones.get(i).longValue() - start;
      result = schedules.get(i).then(length, result);
    }
    return result;
  }
}
