package dev.stratum.optimizers.spec;

import dev.stratum.optimizers.schedule.LearningRateSchedule;
import java.util.Map;

/**
 * Builds a learning-rate schedule by name from a spec; registered in a Guice {@code
 * MapBinder<String, ScheduleFactory>}. {@code registry} resolves nested schedules ({@code
 * "sequential"}).
 */
@FunctionalInterface
public interface ScheduleFactory {

  LearningRateSchedule create(Hyperparameters settings, Map<String, ScheduleFactory> registry);
}
