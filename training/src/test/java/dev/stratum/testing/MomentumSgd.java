package dev.stratum.testing;

import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with heavy-ball momentum: {@code v ← μ·v + g; p ← p − lr·v} ({@code μ = 0} is plain SGD).
 * Keeps the learning rate of every step it took, so tests can check schedules.
 */
public final class MomentumSgd implements Optimizer {

  private final List<ParameterGroup> groups;
  private final float momentum;
  private final Map<String, Tensor> velocity = new LinkedHashMap<>();
  private long iterations;

  /** The learning rate of the first group at each step. */
  public final List<Double> ratesUsed = new ArrayList<>();

  public MomentumSgd(Map<String, Tensor> parameters, double learningRate, float momentum) {
    this.groups = List.of(new ParameterGroup(parameters, learningRate, 0));
    this.momentum = momentum;
  }

  @Override
  public void step() {
    ratesUsed.add(groups.get(0).learningRate());
    try (NoGrad ignored = Autograd.noGrad()) {
      for (ParameterGroup g : groups) {
        for (Map.Entry<String, Tensor> e : g.parameters().entrySet()) {
          Tensor p = e.getValue();
          if (p.grad() == null) {
            continue;
          }
          Tensor v =
              velocity.computeIfAbsent(
                  e.getKey(), k -> TensorScope.unscoped(Tensor.zeros(p.backend(), p.shape())));
          v.mulInPlace(momentum).addScaledInPlace(1f, p.grad());
          p.addScaledInPlace((float) -g.learningRate(), v);
        }
      }
    }
    iterations++;
  }

  @Override
  public List<ParameterGroup> groups() {
    return groups;
  }

  @Override
  public long iterations() {
    return iterations;
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    try (NoGrad ignored = Autograd.noGrad()) {
      velocity.forEach(
          (name, v) ->
              state.put("velocity." + name, Tensor.zeros(v.backend(), v.shape()).copyFrom(v)));
      Tensor first = groups.get(0).parameters().values().iterator().next();
      state.put("iterations", Tensor.vector(first.backend(), (float) iterations));
    }
    return state;
  }

  @Override
  public void loadState(Map<String, Tensor> state) {
    Tensor it = state.get("iterations");
    if (it == null) {
      throw new IllegalArgumentException("momentum SGD: state has no 'iterations'");
    }
    for (String name : state.keySet()) {
      if (name.equals("iterations")) {
        continue;
      }
      String parameter = name.substring("velocity.".length());
      Tensor p = groups.get(0).parameters().get(parameter);
      if (p == null || !Arrays.equals(p.shape(), state.get(name).shape())) {
        throw new IllegalArgumentException("momentum SGD: state entry '" + name + "' does not fit");
      }
    }
    close();
    try (NoGrad ignored = Autograd.noGrad()) {
      state.forEach(
          (name, t) -> {
            if (!name.equals("iterations")) {
              velocity.put(
                  name.substring("velocity.".length()),
                  TensorScope.unscoped(Tensor.zeros(t.backend(), t.shape())).copyFrom(t));
            }
          });
    }
    iterations = (long) it.item();
  }

  @Override
  public void close() {
    velocity.values().forEach(Tensor::close);
    velocity.clear();
  }
}
