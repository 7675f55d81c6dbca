package dev.stratum.spark;

import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.loss.LossFactory;
import dev.stratum.layers.loss.Losses;
import dev.stratum.nn.LayerFactory;
import dev.stratum.optimizers.spec.OptimizerSpec;
import java.io.Serializable;
import java.util.Map;

/**
 * The registries an executor rebuilds the model, the loss and the optimizer from: layer factories
 * by type name (the model's {@code model.json} form), loss factories by type name, and the parser
 * of optimizer specs. It travels to the executors with each task, so it must be serializable and
 * cheap to ship; the registries themselves are built on the executor.
 *
 * <p>{@link #builtIn()} covers this project's layers, losses and optimizers without Guice; {@link
 * GuiceComponents} takes them from the Guice modules of an application, so a third-party layer or
 * optimizer trains on Spark by adding its module, as it loads from a checkpoint.
 */
public interface Components extends Serializable {

  /** Layer factories by type name. */
  Map<String, LayerFactory> layers();

  /** Loss factories by type name. */
  Map<String, LossFactory> losses();

  /** The optimizer spec parser over the registered optimizers and schedules. */
  OptimizerSpec optimizers();

  /** The built-in layers ({@link StandardLayers}), losses ({@link Losses}) and optimizers. */
  static Components builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** The built-in registries; an enum, so it deserializes to the one instance. */
  enum BuiltIn implements Components {
    INSTANCE;

    @Override
    public Map<String, LayerFactory> layers() {
      return StandardLayers.factories();
    }

    @Override
    public Map<String, LossFactory> losses() {
      return Losses.builtIn();
    }

    @Override
    public OptimizerSpec optimizers() {
      return OptimizerSpec.builtIn();
    }
  }
}
