package dev.stratum.spark;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An executor's copy of the model, its loss and (for parameter averaging) its optimizer. Every
 * round loads the parameters, buffers and optimizer state from the broadcast, so what a copy held
 * before never changes a result; copies are kept in a small per-JVM pool only to save rebuilding
 * the model every round.
 */
final class WorkerModel implements AutoCloseable {

  /** Idle copies at most, over all runs (a copy is small next to an executor's memory). */
  private static final int POOL_LIMIT = 2 * Runtime.getRuntime().availableProcessors();

  private static final Deque<WorkerModel> IDLE = new ArrayDeque<>();

  final String run;
  final Backend backend;
  final Layer model;
  final Loss loss;
  private final ModelBlueprint blueprint;
  private Optimizer optimizer;

  private WorkerModel(String run, ModelBlueprint blueprint) {
    this.run = run;
    this.blueprint = blueprint;
    this.backend = blueprint.backend();
    this.model = blueprint.buildModel(backend);
    Loss built;
    try {
      built = blueprint.buildLoss();
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    this.loss = built;
  }

  /** The optimizer over this copy's parameters, built on first use. */
  Optimizer optimizer() {
    if (optimizer == null) {
      optimizer = blueprint.buildOptimizer(model);
    }
    return optimizer;
  }

  Map<String, dev.stratum.tensor.Tensor> parameters() {
    return model.parameters();
  }

  Map<String, dev.stratum.tensor.Tensor> buffers() {
    return model.buffers();
  }

  /**
   * An idle copy of run {@code run}, or a new one. Idle copies of other runs are closed: they are
   * idle, so no task is using them, and a run that needs one again builds it.
   */
  static WorkerModel borrow(String run, ModelBlueprint blueprint) {
    List<WorkerModel> stale = new ArrayList<>();
    WorkerModel found = null;
    synchronized (IDLE) {
      for (Iterator<WorkerModel> it = IDLE.iterator(); it.hasNext(); ) {
        WorkerModel m = it.next();
        if (!m.run.equals(run)) {
          stale.add(m);
          it.remove();
        } else if (found == null) {
          found = m;
          it.remove();
        }
      }
    }
    stale.forEach(WorkerModel::close);
    return found != null ? found : new WorkerModel(run, blueprint);
  }

  /** Gives a copy back after a task that succeeded; one that failed is closed instead. */
  static void release(WorkerModel m) {
    synchronized (IDLE) {
      if (IDLE.size() < POOL_LIMIT) {
        IDLE.push(m);
        return;
      }
    }
    m.close();
  }

  @Override
  public void close() {
    if (optimizer != null) {
      optimizer.close();
    }
    model.close();
  }
}
