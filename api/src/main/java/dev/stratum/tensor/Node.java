package dev.stratum.tensor;

/**
 * One recorded operation of the autograd graph: the op's name (for messages), its inputs, and the
 * rule that maps the gradient of its output to gradients of its inputs.
 */
final class Node {

  /** Gradients of the inputs, in input order; {@code null} where an input gets none. */
  @FunctionalInterface
  interface Rule {
    Tensor[] apply(Tensor gradOutput);
  }

  final String op;
  final Tensor[] inputs;
  final Rule rule;

  Node(String op, Tensor[] inputs, Rule rule) {
    this.op = op;
    this.inputs = inputs;
    this.rule = rule;
  }
}
