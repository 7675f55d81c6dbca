package dev.stratum.optimizers.clip;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer that hands everything to another one; decorators override {@link #step()}. Groups,
 * iterations and state are the delegate's, so a decorated optimizer checkpoints like a bare one.
 */
public abstract class ForwardingOptimizer implements Optimizer {

  private final Optimizer delegate;

  protected ForwardingOptimizer(Optimizer delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The optimizer this one decorates. */
  public Optimizer delegate() {
    return delegate;
  }

  /** Every parameter of every group, in order. */
  protected List<Tensor> parameters() {
    List<Tensor> all = new ArrayList<>();
    for (ParameterGroup group : groups()) {
      all.addAll(group.parameters().values());
    }
    return all;
  }

  @Override
  public void step() {
    delegate.step();
  }

  @Override
  public void zeroGrad() {
    delegate.zeroGrad();
  }

  @Override
  public List<ParameterGroup> groups() {
    return delegate.groups();
  }

  @Override
  public long iterations() {
    return delegate.iterations();
  }

  @Override
  public Map<String, Tensor> state() {
    return delegate.state();
  }

  @Override
  public void loadState(Map<String, Tensor> state) {
    delegate.loadState(state);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
