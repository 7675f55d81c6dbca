package dev.stratum.layers.loss;

import com.google.inject.AbstractModule;
import dev.stratum.inject.Registries;

/**
 * Registers every built-in loss factory by name in the Guice registry {@code Map<String,
 * LossFactory>}. A third-party jar adds a loss with {@code Registries.registry(binder(),
 * LossFactory.class).addBinding("name")}; {@link Losses#create(java.util.Map, java.util.Map)} then
 * builds losses from the injected map.
 */
public final class LossesModule extends AbstractModule {

  @Override
  protected void configure() {
    var registry = Registries.registry(binder(), LossFactory.class);
    Losses.builtIn().forEach((name, factory) -> registry.addBinding(name).toInstance(factory));
  }

  /** Modules of this class are equal, so installing it twice registers everything once. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LossesModule;
  }

  @Override
  public int hashCode() {
    return LossesModule.class.hashCode();
  }
}
