package dev.stratum.tensor;

/**
 * One recorded operation of the autograd graph: the op's name (for messages), its inputs, and the
 * rule that maps the gradient of its output to gradients of its inputs.
 *
 * <p>An op with several outputs ({@link Tensor#unbind}, a {@link KernelOp}) gives each output a
 * node of its own that shares one {@link Group}: the engine collects the gradients of all outputs
 * it reaches and applies the group's rule once, after the last of them, so that an op of {@code n}
 * outputs costs one rule and not {@code n}.
 */
final class Node {

  /** Gradients of the inputs, in input order; {@code null} where an input gets none. */
  @FunctionalInterface
  interface Rule {
    Tensor[] apply(Tensor gradOutput);
  }

  /**
   * Gradients of the inputs from the gradients of every output ({@code null} where an output got
   * none); {@code null} where an input gets none.
   */
  @FunctionalInterface
  interface GroupRule {
    Tensor[] apply(Tensor[] gradOutputs);
  }

  /** What the outputs of one multi-output op share: their count and the rule. */
  static final class Group {
    final int outputs;
    final GroupRule rule;

    Group(int outputs, GroupRule rule) {
      this.outputs = outputs;
      this.rule = rule;
    }
  }

  final String op;
  final Tensor[] inputs;
  final Rule rule;
  final Group group;
  final int index;

  Node(String op, Tensor[] inputs, Rule rule) {
    this.op = op;
    this.inputs = inputs;
    this.rule = rule;
    this.group = null;
    this.index = 0;
  }

  /** The node of output {@code index} of a multi-output op. */
  Node(String op, Tensor[] inputs, Group group, int index) {
    this.op = op;
    this.inputs = inputs;
    this.rule = null;
    this.group = group;
    this.index = index;
  }
}
