package dev.stratum.inject;

import com.google.inject.Binder;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import dev.stratum.nn.LayerFactory;
import java.util.Map;

/**
 * Named registries that modules add to, so that a JSON model or the command line can build parts by
 * name and a third-party jar can add its own with a Guice module. Each registry is a {@code
 * Map<String, T>} bound with {@link MapBinder}; a duplicate name is a binding error.
 *
 * <pre>{@code
 * Registries.registry(binder(), LayerFactory.class).addBinding("dense").toInstance(Dense::fromSpec);
 * }</pre>
 */
public final class Registries {

  private Registries() {}

  /** The registry of {@code type}, keyed by name. */
  public static <T> MapBinder<String, T> registry(Binder binder, Class<T> type) {
    return MapBinder.newMapBinder(binder, String.class, type);
  }

  /** The registry of a generic {@code type}, keyed by name. */
  public static <T> MapBinder<String, T> registry(Binder binder, TypeLiteral<T> type) {
    return MapBinder.newMapBinder(binder, TypeLiteral.get(String.class), type);
  }

  /**
   * The layer factories every module of {@code injector} registered, keyed by type name: what
   * {@code Checkpoint.loadModel} needs to rebuild a model from its {@code model.json}.
   */
  public static Map<String, LayerFactory> layerFactories(Injector injector) {
    return injector.getInstance(Key.get(new TypeLiteral<Map<String, LayerFactory>>() {}));
  }
}
