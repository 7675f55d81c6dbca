package dev.stratum.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reverse-mode differentiation over the graph that recorded ops leave behind.
 *
 * <p>{@link Tensor#backward()} adds gradients into the {@link Tensor#grad()} of leaves; {@link
 * #grad(List, List, boolean)} returns them instead and, with {@code createGraph}, records the
 * backward pass itself so that the result can be differentiated again (second derivatives, as
 * contractive autoencoders need).
 */
public final class Autograd {

  private static final ThreadLocal<Boolean> RECORDING = ThreadLocal.withInitial(() -> true);

  private Autograd() {}

  /** True when ops on this thread record the graph. */
  public static boolean isRecording() {
    return RECORDING.get();
  }

  static void setRecording(boolean recording) {
    RECORDING.set(recording);
  }

  /** Stops recording on this thread until the returned handle is closed. */
  public static NoGrad noGrad() {
    boolean previous = isRecording();
    setRecording(false);
    return new NoGrad(previous);
  }

  /**
   * Gradients of {@code sum(outputs)} with respect to {@code inputs} (each output must be a
   * one-element tensor). Inputs the outputs do not depend on get a zero gradient. The results
   * belong to the current {@link TensorScope}.
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
    return grad(outputs, Collections.nCopies(outputs.size(), null), inputs, createGraph);
  }

  /**
   * Vector-Jacobian products: gradients of {@code Σ_i <outputs[i], gradOutputs[i]>} with respect to
   * {@code inputs}. A {@code null} gradient output stands for ones (allowed for one-element outputs
   * only).
   */
  public static List<Tensor> grad(
      List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs, boolean createGraph) {
    if (outputs.size() != gradOutputs.size()) {
      throw new IllegalArgumentException(
          "grad: " + outputs.size() + " outputs but " + gradOutputs.size() + " output gradients");
    }
    for (Tensor input : inputs) {
      if (!input.requiresGrad) {
        throw new IllegalArgumentException(
            "grad: an input of shape "
                + Shapes.str(input.shapeView())
                + " does not require a gradient; call requiresGrad(true) on it before the"
                + " forward pass");
      }
    }
    Map<Tensor, Tensor> found =
        new Engine(createGraph, identitySet(inputs)).run(outputs, gradOutputs);
    List<Tensor> results = new ArrayList<>(inputs.size());
    Set<Tensor> handedOut = identitySet(List.of());
    for (Tensor input : inputs) {
      Tensor g = found.get(input);
      if (g == null) {
        g = Tensor.zeros(input.backend(), input.shapeView());
      } else if (!handedOut.add(g)) {
        g = Engine.alias(g);
      } else {
        TensorScope.adopt(g);
      }
      results.add(g);
    }
    return results;
  }

  static void backward(Tensor output, Tensor gradOutput) {
    if (!output.requiresGrad) {
      throw new IllegalStateException(
          "backward: this tensor does not depend on any tensor that requires a gradient; mark"
              + " parameters with requiresGrad(true) and do not run the forward pass under noGrad");
    }
    Map<Tensor, Tensor> leaves =
        new Engine(false, null).run(List.of(output), Collections.singletonList(gradOutput));
    for (Map.Entry<Tensor, Tensor> e : leaves.entrySet()) {
      accumulate(e.getKey(), e.getValue());
    }
  }

  /** Adds {@code g} (owned by nobody) into {@code leaf.grad}, which owns its storage alone. */
  private static void accumulate(Tensor leaf, Tensor g) {
    if (leaf.grad == null) {
      leaf.grad = g.buffer().exclusive() ? g : copyOut(g);
      if (leaf.grad != g) {
        g.close();
      }
      return;
    }
    try (NoGrad ignored = noGrad()) {
      leaf.grad.addScaledInPlace(1f, g);
    }
    g.close();
  }

  private static Tensor copyOut(Tensor g) {
    Tensor copy = Tensor.empty(g.backend(), g.shapeView());
    TensorScope.disown(copy);
    copy.copyFrom(g);
    return copy;
  }

  private static Set<Tensor> identitySet(List<Tensor> tensors) {
    // Tensor has identity equality already; the identity map says so explicitly
    Set<Tensor> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(tensors);
    return set;
  }

  /**
   * One backward pass. Visits the graph in reverse topological order, summing the gradients that
   * reach each tensor before applying its rule. Without {@code createGraph} each rule runs in its
   * own scope so that its temporaries are freed at once.
   */
  private static final class Engine {
    private final boolean createGraph;
    private final Set<Tensor> wanted;
    private final Map<Tensor, Tensor> pending = new IdentityHashMap<>();
    private final Map<Tensor, Tensor> delivered = new IdentityHashMap<>();

    /** {@code wanted == null} means every leaf that requires a gradient (backward()). */
    Engine(boolean createGraph, Set<Tensor> wanted) {
      this.createGraph = createGraph;
      this.wanted = wanted;
    }

    Map<Tensor, Tensor> run(List<Tensor> outputs, List<Tensor> gradOutputs) {
      boolean previous = isRecording();
      setRecording(createGraph);
      // the gradients of a multi-output op's outputs, collected until the last of them is visited
      Map<Node.Group, Tensor[]> collected = new IdentityHashMap<>();
      try {
        for (int i = 0; i < outputs.size(); i++) {
          Tensor output = outputs.get(i);
          if (!output.requiresGrad) {
            continue;
          }
          add(output, own(seed(output, gradOutputs.get(i))));
        }
        List<Tensor> order = reverseTopologicalOrder(outputs);
        Map<Node.Group, Integer> lastVisit = lastVisits(order);
        for (int position = 0; position < order.size(); position++) {
          Tensor t = order.get(position);
          Tensor g = pending.remove(t);
          if (g != null) {
            visit(t, g, collected);
          }
          Node node = t.gradFn;
          if (node != null && node.group != null && lastVisit.get(node.group) == position) {
            Tensor[] grads = collected.remove(node.group);
            if (grads != null) {
              try {
                propagate(node, runRule(() -> node.group.rule.apply(grads)));
              } finally {
                closeAll(grads);
              }
            }
          }
        }
        return delivered;
      } catch (RuntimeException | Error e) {
        if (!createGraph) {
          delivered.values().forEach(Tensor::close);
        }
        throw e;
      } finally {
        setRecording(previous);
        if (!createGraph) {
          pending.values().forEach(Tensor::close);
          collected.values().forEach(this::closeAll);
        }
      }
    }

    /**
     * Hands {@code g}, the complete gradient of {@code t}, to its rule, its group or the caller.
     */
    private void visit(Tensor t, Tensor g, Map<Node.Group, Tensor[]> collected) {
      boolean isWanted = wanted == null ? t.gradFn == null : wanted.contains(t);
      if (isWanted) {
        // an alias: a pass-through rule may hand the same tensor to several inputs; without
        // a graph the engine owns it (a leaf's .grad must not die with the caller's scope)
        delivered.put(t, own(alias(g)));
      }
      Node node = t.gradFn;
      if (node == null) {
        if (!createGraph) {
          g.close();
        }
        return;
      }
      if (node.group != null) {
        collected.computeIfAbsent(node.group, k -> new Tensor[k.outputs])[node.index] = g;
        return;
      }
      try {
        propagate(node, runRule(() -> node.rule.apply(g)));
      } finally {
        if (!createGraph) {
          g.close();
        }
      }
    }

    /** The position in {@code order} of the last output of each multi-output op. */
    private static Map<Node.Group, Integer> lastVisits(List<Tensor> order) {
      Map<Node.Group, Integer> last = new IdentityHashMap<>();
      for (int i = 0; i < order.size(); i++) {
        Node node = order.get(i).gradFn;
        if (node != null && node.group != null) {
          last.put(node.group, i);
        }
      }
      return last;
    }

    private void closeAll(Tensor[] tensors) {
      if (!createGraph) {
        for (Tensor t : tensors) {
          if (t != null) {
            t.close();
          }
        }
      }
    }

    private Tensor seed(Tensor output, Tensor gradOutput) {
      if (gradOutput == null) {
        if (output.size() != 1) {
          throw new IllegalArgumentException(
              "backward: the output has shape "
                  + Shapes.str(output.shapeView())
                  + "; pass a gradient of that shape, or reduce it to one element (sum, mean)"
                  + " first");
        }
        return Tensor.ones(output.backend(), output.shapeView());
      }
      Primitives.sameBackend("backward", output, gradOutput);
      if (!Arrays.equals(output.shapeView(), gradOutput.shapeView())) {
        throw new IllegalArgumentException(
            "backward: gradient shape "
                + Shapes.str(gradOutput.shapeView())
                + " differs from output shape "
                + Shapes.str(output.shapeView()));
      }
      return alias(gradOutput);
    }

    /**
     * Runs a gradient rule. Without a graph it runs in a scope of its own, so that its temporaries
     * are freed at once, and the engine owns what it returned.
     */
    private Tensor[] runRule(Supplier<Tensor[]> rule) {
      if (createGraph) {
        return rule.get();
      }
      try (TensorScope step = TensorScope.open()) {
        Tensor[] grads = rule.get();
        for (int i = 0; i < grads.length; i++) {
          if (grads[i] != null) {
            grads[i] = own(alias(grads[i]));
          }
        }
        return grads;
      }
    }

    /** Adds the gradients a rule returned to those of the node's inputs. */
    private void propagate(Node node, Tensor[] grads) {
      for (int i = 0; i < node.inputs.length; i++) {
        Tensor input = node.inputs[i];
        Tensor gi = i < grads.length ? grads[i] : null;
        if (gi == null) {
          continue;
        }
        if (!input.requiresGrad) {
          if (!createGraph) {
            gi.close();
          }
          continue;
        }
        if (!Arrays.equals(gi.shapeView(), input.shapeView())) {
          throw new IllegalStateException(
              "gradient rule of '"
                  + node.op
                  + "' returned shape "
                  + Shapes.str(gi.shapeView())
                  + " for an input of shape "
                  + Shapes.str(input.shapeView()));
        }
        add(input, gi);
      }
    }

    private void add(Tensor t, Tensor g) {
      Tensor existing = pending.get(t);
      if (existing == null) {
        pending.put(t, g);
        return;
      }
      if (!createGraph && existing.buffer().exclusive()) {
        existing.addScaledInPlace(1f, g);
        g.close();
        return;
      }
      Tensor sum = existing.add(g);
      if (!createGraph) {
        own(sum);
        existing.close();
        g.close();
      }
      pending.put(t, sum);
    }

    /** Without a graph, the engine owns gradient tensors itself, outside any scope. */
    private Tensor own(Tensor t) {
      if (!createGraph) {
        TensorScope.disown(t);
      }
      return t;
    }

    private static Tensor alias(Tensor t) {
      t.buffer().retain();
      Tensor alias = new Tensor(t.buffer(), t.shape());
      alias.requiresGrad = t.requiresGrad;
      alias.gradFn = t.gradFn;
      return alias;
    }

    /** Tensors reachable from the outputs through recorded ops, outputs first. */
    private static List<Tensor> reverseTopologicalOrder(List<Tensor> outputs) {
      List<Tensor> postOrder = new ArrayList<>();
      Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
      ArrayDeque<Object[]> stack = new ArrayDeque<>();
      for (Tensor output : outputs) {
        if (output.requiresGrad && visited.add(output)) {
          stack.push(new Object[] {output, 0});
        }
        while (!stack.isEmpty()) {
          Object[] frame = stack.peek();
          Tensor t = (Tensor) frame[0];
          int next = (Integer) frame[1];
          Tensor[] inputs = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs;
          if (next < inputs.length) {
            frame[1] = next + 1;
            Tensor input = inputs[next];
            if (input.requiresGrad && visited.add(input)) {
              stack.push(new Object[] {input, 0});
            }
          } else {
            stack.pop();
            postOrder.add(t);
          }
        }
      }
      Collections.reverse(postOrder);
      return postOrder;
    }
  }
}
