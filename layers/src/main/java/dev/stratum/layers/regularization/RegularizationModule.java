package dev.stratum.layers.regularization;

import com.google.inject.AbstractModule;
import dev.stratum.layers.inject.LayersModule;

/**
 * Registers {@link ActivityRegularization} in the Guice layer registry ({@code Map<String,
 * LayerFactory>}) under {@code "activity_regularization"}, so that a model that uses it loads from
 * architecture JSON.
 */
public final class RegularizationModule extends AbstractModule {

  @Override
  protected void configure() {
    LayersModule.addLayerType(binder(), ActivityRegularization.TYPE);
  }

  /** Modules of this class are equal, so installing it twice registers everything once. */
  @Override
  public boolean equals(Object other) {
    return other instanceof RegularizationModule;
  }

  @Override
  public int hashCode() {
    return RegularizationModule.class.hashCode();
  }
}
