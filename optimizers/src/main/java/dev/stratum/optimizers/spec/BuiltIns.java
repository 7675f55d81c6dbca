package dev.stratum.optimizers.spec;

import dev.stratum.optim.ParameterGroup;
import dev.stratum.optimizers.AbstractOptimizer;
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
import java.util.function.Supplier;

/**
 * The optimizers and schedules of this module by name, with the spec keys each reads (defaults in
 * brackets). Keys are named as PyTorch names the arguments. Every optimizer also reads {@code
 * "maximize"} [false] and {@code "decoupled_weight_decay"} [false; true for {@code adamw}, which
 * accepts only true]; {@code lr} and {@code weight_decay} are read by {@link OptimizerSpec} [0;
 * 0.01 for {@code adamw}, as in PyTorch].
 *
 * <ul>
 *   <li>{@code sgd} (lr required): momentum [0], dampening [0], nesterov [false]; {@code momentum}:
 *       momentum [0.9]; {@code nesterov}: momentum [0.9], nesterov [true];
 *   <li>{@code adagrad} [lr 0.01]: lr_decay [0], initial_accumulator_value [0], eps [1e-10];
 *   <li>{@code adadelta} [lr 1, a multiplier]: rho [0.9], eps [1e-6];
 *   <li>{@code rmsprop} [lr 0.01]: alpha [0.99], eps [1e-8], momentum [0], centered [false];
 *   <li>{@code adam}, {@code amsgrad}, {@code adamw} [lr 0.001]: betas [[0.9, 0.999]], eps [1e-8],
 *       amsgrad [false; true for amsgrad];
 *   <li>{@code adamax} [lr 0.002]: betas, eps; {@code nadam} [lr 0.002]: betas, eps, momentum_decay
 *       [0.004];
 *   <li>{@code qhadam} [lr 0.001]: betas [[0.995, 0.999]], nus [[0.7, 1]], eps [1e-8];
 *   <li>{@code aggmo} [lr 0.1]: betas [[0, 0.9, 0.99]].
 * </ul>
 *
 * <p>Deprecated spellings still work and log a warning once per JVM that says what to write: {@code
 * beta1}/{@code beta2} (write {@code betas}), {@code nu1}/{@code nu2} ({@code nus}), {@code
 * initial_accumulator} ({@code initial_accumulator_value}) and {@code weight_decay_mode} {@code
 * "l2"}/{@code "decoupled"} ({@code decoupled_weight_decay} false/true).
 *
 * <p>Schedules: {@code constant}; {@code time_constant}: tau; {@code step}: step_size, gamma [0.1];
 * {@code exponential}: gamma; {@code inverse_time}: rate, steps [1]; {@code polynomial}: total,
 * power [1], end_factor [0]; {@code cosine}: t_max, min_factor [0]; {@code cosine_warm_restarts}:
 * t_0, t_mult [1], min_factor [0]; {@code linear_warmup}: steps, start_factor [0]; {@code
 * one_cycle}: total, pct_start [0.3], div_factor [25], final_div_factor [1e4], cycle_momentum
 * [true], base_momentum [0.85], max_momentum [0.95]; {@code sequential}: schedules (a list of
 * schedule objects), milestones (the step at which each next one starts).
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
                common(Adagrad.builder(), g, h, WeightDecay.L2)
                    .lrDecay(h.number("lr_decay", 0))
                    .initialAccumulatorValue(
                        h.number("initial_accumulator_value", "initial_accumulator", 0))
                    .eps(h.number("eps", 1e-10))
                    .build()));
    all.put(
        "adadelta",
        OptimizerFactory.of(
            1.0,
            (g, h) ->
                common(Adadelta.builder(), g, h, WeightDecay.L2)
                    .rho(h.number("rho", 0.9))
                    .eps(h.number("eps", 1e-6))
                    .build()));
    all.put(
        "rmsprop",
        OptimizerFactory.of(
            RmsProp.DEFAULT_LEARNING_RATE,
            (g, h) ->
                common(RmsProp.builder(), g, h, WeightDecay.L2)
                    .alpha(h.number("alpha", 0.99))
                    .eps(h.number("eps", 1e-8))
                    .momentum(h.number("momentum", 0))
                    .centered(h.flag("centered", false))
                    .build()));
    all.put("adam", adam(Adam::builder, false, WeightDecay.L2, 0));
    all.put("amsgrad", adam(Adam::builder, true, WeightDecay.L2, 0));
    all.put(
        "adamw", adam(AdamW::builder, false, WeightDecay.DECOUPLED, AdamW.DEFAULT_WEIGHT_DECAY));
    all.put(
        "adamax",
        OptimizerFactory.of(
            AdaMax.DEFAULT_LEARNING_RATE,
            (g, h) -> {
              double[] betas = betas(h, 0.9, 0.999);
              return common(AdaMax.builder(), g, h, WeightDecay.L2)
                  .betas(betas[0], betas[1])
                  .eps(h.number("eps", 1e-8))
                  .build();
            }));
    all.put(
        "nadam",
        OptimizerFactory.of(
            Nadam.DEFAULT_LEARNING_RATE,
            (g, h) -> {
              double[] betas = betas(h, 0.9, 0.999);
              return common(Nadam.builder(), g, h, WeightDecay.L2)
                  .betas(betas[0], betas[1])
                  .eps(h.number("eps", 1e-8))
                  .momentumDecay(h.number("momentum_decay", 0.004))
                  .build();
            }));
    all.put(
        "qhadam",
        OptimizerFactory.of(
            1e-3,
            (g, h) -> {
              double[] betas = betas(h, 0.995, 0.999);
              double[] nus = h.pair("nus", "nu1", "nu2", 0.7, 1.0);
              return common(QhAdam.builder(), g, h, WeightDecay.L2)
                  .betas(betas[0], betas[1])
                  .nus(nus[0], nus[1])
                  .eps(h.number("eps", 1e-8))
                  .build();
            }));
    all.put(
        "aggmo",
        OptimizerFactory.of(
            0.1,
            (g, h) ->
                common(AggMo.builder(), g, h, WeightDecay.L2)
                    .betas(h.numbers("betas", List.of(0.0, 0.9, 0.99)))
                    .build()));
    return all;
  }

  private static OptimizerFactory sgd(double momentum, boolean nesterov) {
    return OptimizerFactory.of(
        Double.NaN,
        (g, h) ->
            common(Sgd.builder(), g, h, WeightDecay.L2)
                .momentum(h.number("momentum", momentum))
                .dampening(h.number("dampening", 0))
                .nesterov(h.flag("nesterov", nesterov))
                .build());
  }

  private static OptimizerFactory adam(
      Supplier<Adam.Builder> builder, boolean amsgrad, WeightDecay mode, double weightDecay) {
    return OptimizerFactory.of(
        Adam.DEFAULT_LEARNING_RATE,
        weightDecay,
        (g, h) -> {
          double[] betas = betas(h, 0.9, 0.999);
          return common(builder.get(), g, h, mode)
              .betas(betas[0], betas[1])
              .eps(h.number("eps", 1e-8))
              .amsgrad(h.flag("amsgrad", amsgrad))
              .build();
        });
  }

  private static double[] betas(Hyperparameters h, double beta1, double beta2) {
    return h.pair("betas", "beta1", "beta2", beta1, beta2);
  }

  /** The groups, the weight-decay mode and {@code maximize}, which every optimizer reads. */
  private static <B extends AbstractOptimizer.Builder<B, ?>> B common(
      B builder, List<ParameterGroup> groups, Hyperparameters h, WeightDecay fallback) {
    return builder
        .groups(groups)
        .weightDecayMode(decay(h, fallback))
        .maximize(h.flag("maximize", false));
  }

  private static WeightDecay decay(Hyperparameters h, WeightDecay fallback) {
    boolean old =
        h.deprecated(
            "weight_decay_mode", "'decoupled_weight_decay': true (for \"decoupled\") or false");
    if (h.has("decoupled_weight_decay")) {
      if (old) {
        throw new IllegalArgumentException(
            h.owner()
                + ": give 'decoupled_weight_decay' or the deprecated 'weight_decay_mode', not both");
      }
      return h.flag("decoupled_weight_decay", false) ? WeightDecay.DECOUPLED : WeightDecay.L2;
    }
    if (old) {
      String mode = h.choice("weight_decay_mode", "l2", "l2", "decoupled");
      return mode.equals("l2") ? WeightDecay.L2 : WeightDecay.DECOUPLED;
    }
    return fallback;
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
                h.number("final_div_factor", 1e4),
                h.flag("cycle_momentum", true),
                h.number("base_momentum", 0.85),
                h.number("max_momentum", 0.95)));
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
