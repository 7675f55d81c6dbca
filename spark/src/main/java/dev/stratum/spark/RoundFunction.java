package dev.stratum.spark;

import dev.stratum.data.Batch;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round on one worker (one task per partition): load the broadcast, run the round's steps on
 * the worker's shard, and return the weighted {@link Contribution}.
 */
final class RoundFunction implements FlatMapFunction<Iterator<Shard>, Contribution> {

  private static final long serialVersionUID = 1L;

  private final String run;
  private final ModelBlueprint blueprint;
  private final DataPlan plan;
  private final SyncMethod method;
  private final Layout parameterLayout;
  private final Layout bufferLayout;
  private final Broadcast<RoundInput> input;

  RoundFunction(
      String run,
      ModelBlueprint blueprint,
      DataPlan plan,
      SyncMethod method,
      Layout parameterLayout,
      Layout bufferLayout,
      Broadcast<RoundInput> input) {
    this.run = run;
    this.blueprint = blueprint;
    this.plan = plan;
    this.method = method;
    this.parameterLayout = parameterLayout;
    this.bufferLayout = bufferLayout;
    this.input = input;
  }

  @Override
  public Iterator<Contribution> call(Iterator<Shard> shards) {
    if (!shards.hasNext()) {
      throw new IllegalStateException("spark trainer: a partition of the training data is empty");
    }
    Shard shard = shards.next();
    RoundInput in = input.value();
    WorkerModel worker = WorkerModel.borrow(run, blueprint);
    Contribution out;
    try {
      out =
          method == SyncMethod.GRADIENT_AVERAGING
              ? gradient(worker, shard, in)
              : localSteps(worker, shard, in);
    } catch (RuntimeException | Error e) {
      worker.close();
      throw e;
    }
    WorkerModel.release(worker);
    return List.of(out).iterator();
  }

  /** One step's gradient, and the buffers after its forward pass. */
  private Contribution gradient(WorkerModel w, Shard shard, RoundInput in) {
    loadModel(w, in);
    w.model.train(true);
    int[] positions = plan.slice(plan.order(in.epoch(), shard.worker), in.firstStep());
    Contribution c = new Contribution();
    c.values = new float[parameterLayout.size() + bufferLayout.size()];
    c.steps = 1;
    try (TensorScope scope = TensorScope.open();
        Batch batch = shard.batch(w.backend, positions)) {
      Tensor prediction = w.model.forward(batch.inputs());
      Tensor loss = w.loss.compute(prediction, batch.targets());
      w.parameters().values().forEach(Tensor::zeroGrad);
      loss.backward();
      float n = batch.size();
      Map<String, Tensor> grads = new LinkedHashMap<>();
      w.parameters()
          .forEach(
              (name, p) -> {
                if (p.grad() != null) {
                  grads.put(name, p.grad());
                }
              });
      parameterLayout.addScaled(grads, n, c.values, 0, true);
      bufferLayout.addScaled(w.buffers(), n, c.values, parameterLayout.size(), false);
      c.lossSum = (double) loss.item() * batch.size();
      c.samples = batch.size();
      w.parameters().values().forEach(Tensor::zeroGrad);
    }
    return c;
  }

  /** The round's optimizer steps from the broadcast start; then parameters, buffers, state. */
  private Contribution localSteps(WorkerModel w, Shard shard, RoundInput in) {
    loadModel(w, in);
    Optimizer optimizer = w.optimizer();
    if (in.stateLayout() != null) {
      Map<String, Tensor> state = in.stateLayout().tensors(w.backend, in.state(), 0);
      try {
        optimizer.loadState(state);
      } finally {
        state.values().forEach(Tensor::close);
      }
    }
    List<ParameterGroup> groups = optimizer.groups();
    if (groups.size() != in.learningRates().length) {
      throw new IllegalStateException(
          "spark trainer: the executor's optimizer has "
              + groups.size()
              + " parameter groups, the driver's "
              + in.learningRates().length);
    }
    for (int g = 0; g < groups.size(); g++) {
      groups.get(g).learningRate(in.learningRates()[g]);
      groups.get(g).weightDecay(in.weightDecays()[g]);
    }
    w.model.train(true);
    int[] order = plan.order(in.epoch(), shard.worker);
    double lossSum = 0;
    long samples = 0;
    for (int s = 0; s < in.steps(); s++) {
      try (TensorScope scope = TensorScope.open();
          Batch batch = shard.batch(w.backend, plan.slice(order, in.firstStep() + s))) {
        Tensor prediction = w.model.forward(batch.inputs());
        Tensor loss = w.loss.compute(prediction, batch.targets());
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        lossSum += (double) loss.item() * batch.size();
        samples += batch.size();
      }
    }
    optimizer.zeroGrad();
    Map<String, Tensor> state = optimizer.state();
    try {
      Layout stateLayout = Layout.of(state);
      int modelSize = parameterLayout.size() + bufferLayout.size();
      Contribution c = new Contribution();
      c.stateLayout = stateLayout;
      c.values = new float[modelSize + stateLayout.size()];
      float n = samples;
      parameterLayout.addScaled(w.parameters(), n, c.values, 0, false);
      bufferLayout.addScaled(w.buffers(), n, c.values, parameterLayout.size(), false);
      stateLayout.addScaled(state, n, c.values, modelSize, false);
      c.lossSum = lossSum;
      c.samples = samples;
      c.steps = in.steps();
      return c;
    } finally {
      state.values().forEach(Tensor::close);
    }
  }

  /** Overwrites the copy's parameters and buffers with the broadcast ones. */
  private void loadModel(WorkerModel w, RoundInput in) {
    try (NoGrad ignored = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      parameterLayout.copyInto(w.parameters(), in.model(), 0);
      bufferLayout.copyInto(w.buffers(), in.model(), parameterLayout.size());
    }
  }
}
