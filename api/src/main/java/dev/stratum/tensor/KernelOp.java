package dev.stratum.tensor;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A differentiable op of several inputs and outputs whose forward pass is a kernel run on storages:
 * the way code outside this package (a recurrent cell, say) calls a fused kernel that its backend
 * offers as a capability ({@link Backend#capability}) and still takes part in autograd. The
 * gradient rule is written with tensor ops, or calls another {@code KernelOp} (the fused backward
 * kernel); it sees the gradients of all outputs at once, and runs once per backward pass however
 * many outputs were used.
 *
 * <pre>{@code
 * List<Tensor> hc = KernelOp.apply("lstmCell", List.of(shape, shape, gatesShape),
 *     (in, out) -> fused.forward(in[0], in[1], in[2], out[0], out[1], out[2], batch, hidden),
 *     grads -> backwardOf(grads, hc),
 *     xProjection, hiddenProjection, previousCell);
 * }</pre>
 *
 * <p>The forward kernel must write every element of every output (they start uninitialised) and
 * must not write its inputs. Outputs that are only kept for the backward pass (activated gates) are
 * outputs like any other; their gradients are simply never used.
 */
public final class KernelOp {

  private KernelOp() {}

  /** Writes the outputs from the inputs. */
  @FunctionalInterface
  public interface Forward {
    /** Runs the kernel; {@code inputs} and {@code outputs} are in the order given to apply. */
    void run(Storage[] inputs, Storage[] outputs);
  }

  /** The gradients of the inputs from those of the outputs. */
  @FunctionalInterface
  public interface Backward {
    /**
     * Returns one gradient per input, shaped like it ({@code null} for an input that gets none);
     * {@code gradOutputs[i]} is {@code null} where output {@code i} received no gradient. Runs with
     * recording on only when the caller asked for a graph of the gradient ({@link Autograd#grad}
     * with {@code createGraph}); the result must then be made of tensor ops.
     */
    Tensor[] gradients(Tensor[] gradOutputs);
  }

  /**
   * Allocates outputs of {@code outputShapes} on the inputs' backend, runs {@code forward} and,
   * when recording is on and an input requires a gradient, records {@code backward} for them.
   *
   * @param name the op's name, for messages and the graph
   * @param backward the rule, or {@code null} for an op that is not differentiable (a use in a
   *     backward pass then throws {@link UnsupportedOperationException} naming it)
   * @throws IllegalArgumentException if no input is given or the inputs live on different backends
   */
  public static List<Tensor> apply(
      String name, List<int[]> outputShapes, Forward forward, Backward backward, Tensor... inputs) {
    Objects.requireNonNull(forward, "forward");
    if (inputs.length == 0) {
      throw new IllegalArgumentException(name + ": a kernel op needs at least one input");
    }
    Backend backend = inputs[0].backend();
    Storage[] in = new Storage[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Primitives.sameBackend(name, inputs[0], inputs[i]);
      in[i] = inputs[i].storage();
    }
    List<Tensor> outputs = new ArrayList<>(outputShapes.size());
    Storage[] out = new Storage[outputShapes.size()];
    try {
      for (int i = 0; i < out.length; i++) {
        Tensor t = Tensor.empty(backend, outputShapes.get(i));
        outputs.add(t);
        out[i] = t.storage();
      }
      forward.run(in, out);
    } catch (RuntimeException | Error e) {
      outputs.forEach(Tensor::close);
      throw e;
    }
    if (!Autograd.isRecording() || !anyRequiresGrad(inputs)) {
      return List.copyOf(outputs);
    }
    Backward rule =
        backward != null
            ? backward
            : grads -> {
              throw new UnsupportedOperationException(
                  name + ": this kernel op has no gradient rule; do not differentiate through it");
            };
    Tensor[] recordedInputs = inputs.clone();
    Node.Group group = new Node.Group(out.length, rule::gradients);
    for (int i = 0; i < out.length; i++) {
      Tensor t = outputs.get(i);
      t.requiresGrad = true;
      t.gradFn = new Node(name, recordedInputs, group, i);
    }
    return List.copyOf(outputs);
  }

  private static boolean anyRequiresGrad(Tensor[] inputs) {
    for (Tensor t : inputs) {
      if (t.requiresGrad) {
        return true;
      }
    }
    return false;
  }
}
