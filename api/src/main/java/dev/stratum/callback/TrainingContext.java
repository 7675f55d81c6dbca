package dev.stratum.callback;

import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import java.util.List;
import java.util.Map;

/** What a {@link Callback} sees of the run in progress. */
public interface TrainingContext {

  /** The model being trained. */
  Layer model();

  /** The optimizer updating it. */
  Optimizer optimizer();

  /** Optimizer steps taken so far in this run. */
  long step();

  /** The metrics of every finished epoch, in order. */
  List<Map<String, Double>> history();

  /**
   * The epoch in progress, counted from 1 across resumed runs (the last finished one during {@link
   * Callback#onEpochEnd}); 0 before the first. Contexts that do not count epochs return 0.
   */
  default int epoch() {
    return 0;
  }

  /** The run's callbacks, in the order they are called; empty when the context does not say. */
  default List<Callback> callbacks() {
    return List.of();
  }

  /** Asks the loop to stop after the current epoch (early stopping). */
  void requestStop(String reason);
}
