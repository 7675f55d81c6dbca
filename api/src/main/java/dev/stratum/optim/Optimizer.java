package dev.stratum.optim;

import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. The training loop calls {@link #zeroGrad()},
 * runs the backward pass, then {@link #step()}.
 */
public interface Optimizer extends AutoCloseable {

  /**
   * Applies one update to every parameter that has a gradient; parameters without one are left
   * alone. Runs without recording a graph.
   */
  void step();

  /** Clears the gradients of every parameter. */
  default void zeroGrad() {
    for (ParameterGroup group : groups()) {
      group.parameters().values().forEach(Tensor::zeroGrad);
    }
  }

  /** The parameter groups, in order. */
  List<ParameterGroup> groups();

  /** How many steps have been applied (restored by {@link #loadState}). */
  long iterations();

  /**
   * The optimizer's state for a checkpoint, as named tensors on the parameters' backend (for
   * example {@code "m.0.weight"}, {@code "v.0.weight"}, and a one-element {@code "iterations"}).
   * The tensors are copies owned by the caller.
   */
  Map<String, Tensor> state();

  /**
   * Restores state produced by {@link #state()} of an optimizer of the same kind over parameters
   * with the same names and shapes; throws {@link IllegalArgumentException} naming the first
   * missing or mismatched entry. Training resumes exactly where it stopped. The optimizer copies
   * the values: the caller still owns (and closes) the tensors of {@code state}.
   */
  void loadState(Map<String, Tensor> state);

  /** Frees the state tensors. */
  @Override
  default void close() {}
}
