package dev.stratum.spark;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.stratum.inject.Registries;
import dev.stratum.layers.loss.LossFactory;
import dev.stratum.nn.LayerFactory;
import dev.stratum.optimizers.spec.OptimizerSpec;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registries from an application's Guice modules, named by class: each executor instantiates the
 * modules (public no-argument constructors) and builds one injector per JVM and list of modules,
 * then reads the layer, loss and optimizer registries from it. Only the class names travel.
 *
 * <pre>{@code
 * Components components = new GuiceComponents(List.of(
 *     LayersModule.class.getName(), LossesModule.class.getName(),
 *     OptimizersModule.class.getName(), MyLayersModule.class.getName()));
 * }</pre>
 *
 * @param modules the fully qualified class names of the modules
 */
public record GuiceComponents(List<String> modules) implements Components {

  private static final long serialVersionUID = 1L;

  private static final Map<List<String>, Injector> INJECTORS = new ConcurrentHashMap<>();

  /** Copies the list. */
  public GuiceComponents {
    modules = List.copyOf(modules);
    if (modules.isEmpty()) {
      throw new IllegalArgumentException("guice components: no module classes given");
    }
  }

  @Override
  public Map<String, LayerFactory> layers() {
    return Registries.layerFactories(injector());
  }

  @Override
  public Map<String, LossFactory> losses() {
    return injector().getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {}));
  }

  @Override
  public OptimizerSpec optimizers() {
    return injector().getInstance(OptimizerSpec.class);
  }

  private Injector injector() {
    return INJECTORS.computeIfAbsent(modules, GuiceComponents::create);
  }

  private static Injector create(List<String> names) {
    List<Module> instances = new ArrayList<>();
    for (String name : names) {
      try {
        Class<?> type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        if (!Module.class.isAssignableFrom(type)) {
          throw new IllegalArgumentException(
              "guice components: " + name + " is not a com.google.inject.Module");
        }
        instances.add((Module) type.getConstructor().newInstance());
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            "guice components: module class " + name + " is not on the executor's class path", e);
      } catch (NoSuchMethodException
          | InstantiationException
          | IllegalAccessException
          | InvocationTargetException e) {
        throw new IllegalArgumentException(
            "guice components: cannot instantiate "
                + name
                + " (needs a public no-argument"
                + " constructor): "
                + e,
            e);
      }
    }
    return Guice.createInjector(instances);
  }
}
