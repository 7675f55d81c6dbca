package dev.stratum.optimizers.spec;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import dev.stratum.inject.Registries;
import java.util.Map;

/**
 * Registers every built-in optimizer ({@code MapBinder<String, OptimizerFactory>}) and schedule
 * ({@code MapBinder<String, ScheduleFactory>}) by name, and binds an {@link OptimizerSpec} over the
 * registries, so optimizers added by other modules are found by name too.
 */
public final class OptimizersModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, OptimizerFactory> optimizers =
        Registries.registry(binder(), OptimizerFactory.class);
    BuiltIns.optimizers().forEach((name, f) -> optimizers.addBinding(name).toInstance(f));
    MapBinder<String, ScheduleFactory> schedules =
        Registries.registry(binder(), ScheduleFactory.class);
    BuiltIns.schedules().forEach((name, f) -> schedules.addBinding(name).toInstance(f));
  }

  @Provides
  @Singleton
  OptimizerSpec optimizerSpec(
      Map<String, OptimizerFactory> optimizers, Map<String, ScheduleFactory> schedules) {
    return new OptimizerSpec(optimizers, schedules);
  }
}
