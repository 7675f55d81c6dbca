package dev.stratum.onnx;

import dev.stratum.onnx.OnnxGraph.Attribute;
import dev.stratum.recurrent.GruCell;
import dev.stratum.recurrent.LstmCell;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.RecurrentCell;
import dev.stratum.recurrent.SimpleRnnCell;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Recurrent} layer as one ONNX {@code RNN}, {@code LSTM} or {@code GRU} node per
 * stacked layer (both directions in one node). The parameters stay initializers in PyTorch's layout
 * under their own names ({@code weight_ih_l0}, {@code bias_hh_l1_reverse}); the graph re-orders
 * their gate blocks into ONNX's with {@code Split} and {@code Concat} on those initializers, which
 * a runtime folds once when it loads the file:
 *
 * <ul>
 *   <li>LSTM: PyTorch's {@code i, f, g, o} become ONNX's {@code i, o, f, c}; peepholes {@code p_i,
 *       p_f, p_o} become {@code P = [p_i, p_o, p_f]} (zeros for {@code p_o} when the cell has none:
 *       ONNX's output gate peeks at the new cell state, as the full-peephole form does).
 *   <li>GRU: {@code r, z, n} become {@code z, r, h}; the reset gate after the hidden product
 *       (PyTorch's) is {@code linear_before_reset=1}, before it (Cho et al.) the default 0.
 *   <li>RNN: one block; the nonlinearity is the node's activation.
 * </ul>
 *
 * <p>The exported graph runs every sequence at full length from the zero state, as {@link
 * Recurrent#forward(Tensor)} does; dropout between layers is off, as in evaluation.
 */
final class RecurrentExporter {

  /** ONNX block order as indices into PyTorch's blocks. */
  private static final int[] LSTM_ORDER = {0, 3, 1, 2}; // i, f, g, o -> i, o, f, c

  private static final int[] GRU_ORDER = {1, 0, 2}; // r, z, n -> z, r, h
  private static final int[] RNN_ORDER = {0};

  private final OnnxGraph graph;

  RecurrentExporter(OnnxGraph graph) {
    this.graph = graph;
  }

  String export(Recurrent r, String prefix, String hint, String input, int[] shape) {
    if (r.isSequenceFirst()) {
      throw LayerExporters.refuse(
          r,
          prefix,
          "it is sequence-first, and an exported graph reads axis 0 as the batch; build it"
              + " batch-first (the default) to export it");
    }
    for (int layer = 0; layer < r.layers(); layer++) {
      for (int d = 0; d < r.directions(); d++) {
        check(r, r.cell(layer, d), prefix);
      }
    }
    boolean sum = String.valueOf(r.config().get("merge")).toLowerCase(Locale.ROOT).equals("sum");
    int dirs = r.directions();
    int hidden = r.hiddenSize();
    // [batch, time, in] -> [time, batch, in], ONNX's default layout
    String x = graph.node("Transpose", hint + "_time_major", List.of(input), perm(1, 0, 2));
    String lastHidden = null;
    for (int layer = 0; layer < r.layers(); layer++) {
      RecurrentCell first = r.cell(layer, 0);
      String op = opOf(first);
      int[] order = orderOf(first);
      List<String> w = new ArrayList<>();
      List<String> rec = new ArrayList<>();
      List<String> b = new ArrayList<>();
      List<String> p = new ArrayList<>();
      for (int d = 0; d < dirs; d++) {
        RecurrentCell cell = r.cell(layer, d);
        String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
        Map<String, Tensor> params = cell.parameters();
        String name = prefix + "weight_ih" + suffix;
        w.add(unsqueeze(reorder(graph.initializer(name, params.get("weight_ih")), order)));
        name = prefix + "weight_hh" + suffix;
        rec.add(unsqueeze(reorder(graph.initializer(name, params.get("weight_hh")), order)));
        if (params.containsKey("bias_ih")) {
          String bi =
              reorder(graph.initializer(prefix + "bias_ih" + suffix, params.get("bias_ih")), order);
          String bh =
              reorder(graph.initializer(prefix + "bias_hh" + suffix, params.get("bias_hh")), order);
          b.add(unsqueeze(graph.node("Concat", bi + "_wb_rb", List.of(bi, bh), axis(0))));
        }
        if (params.containsKey("peephole_i")) {
          String pi = graph.initializer(prefix + "peephole_i" + suffix, params.get("peephole_i"));
          String pf = graph.initializer(prefix + "peephole_f" + suffix, params.get("peephole_f"));
          String po =
              params.containsKey("peephole_o")
                  ? graph.initializer(prefix + "peephole_o" + suffix, params.get("peephole_o"))
                  : graph.floats(
                      prefix + "peephole_o" + suffix + "_zero", new float[hidden], hidden);
          p.add(unsqueeze(graph.node("Concat", pi + "_iof", List.of(pi, po, pf), axis(0))));
        }
      }
      String layerHint = hint + "_l" + layer;
      List<String> inputs = new ArrayList<>();
      inputs.add(x);
      inputs.add(directions(w, layerHint + "_W"));
      inputs.add(directions(rec, layerHint + "_R"));
      inputs.add(b.isEmpty() ? "" : directions(b, layerHint + "_B"));
      if (!p.isEmpty()) {
        inputs.add(""); // sequence_lens
        inputs.add(""); // initial_h
        inputs.add(""); // initial_c
        inputs.add(directions(p, layerHint + "_P"));
      }
      List<Attribute> attributes = new ArrayList<>();
      attributes.add(Attribute.of("hidden_size", (long) hidden));
      attributes.add(Attribute.of("direction", dirs == 2 ? "bidirectional" : "forward"));
      if (first instanceof GruCell g && g.resetAfter()) {
        attributes.add(Attribute.of("linear_before_reset", 1L));
      }
      if (first instanceof SimpleRnnCell s) {
        String f =
            switch (s.nonlinearity()) {
              case TANH -> "Tanh";
              case RELU -> "Relu";
              case SIGMOID -> "Sigmoid";
            };
        attributes.add(
            Attribute.strings("activations", dirs == 2 ? new String[] {f, f} : new String[] {f}));
      }
      List<String> outputs =
          graph.node(op, layerHint, 2, inputs, attributes.toArray(Attribute[]::new));
      x = mergeSequence(outputs.get(0), dirs, sum, layerHint);
      lastHidden = outputs.get(1);
    }
    if (r.returnsSequences()) {
      return graph.node("Transpose", hint, List.of(x), perm(1, 0, 2));
    }
    // the final hidden state of the top layer, [dirs, batch, hidden]
    if (dirs == 1) {
      return graph.node("Squeeze", hint, List.of(lastHidden, graph.longs(hint + "_axes", 0)));
    }
    if (sum) {
      return graph.node(
          "ReduceSum",
          hint,
          List.of(lastHidden, graph.longs(hint + "_axes", 0)),
          Attribute.of("keepdims", 0L));
    }
    String batchMajor =
        graph.node("Transpose", hint + "_batch_major", List.of(lastHidden), perm(1, 0, 2));
    return graph.node("Reshape", hint, List.of(batchMajor, graph.longs(hint + "_shape", 0, -1)));
  }

  /** {@code Y [time, dirs, batch, hidden]} as the next layer's {@code [time, batch, features]}. */
  private String mergeSequence(String y, int dirs, boolean sum, String hint) {
    if (dirs == 1) {
      return graph.node("Squeeze", hint + "_y", List.of(y, graph.longs(hint + "_y_axes", 1)));
    }
    if (sum) {
      return graph.node(
          "ReduceSum",
          hint + "_y",
          List.of(y, graph.longs(hint + "_y_axes", 1)),
          Attribute.of("keepdims", 0L));
    }
    // [forward, backward] along the features, as PyTorch concatenates them
    String t = graph.node("Transpose", hint + "_y_t", List.of(y), perm(0, 2, 1, 3));
    return graph.node("Reshape", hint + "_y", List.of(t, graph.longs(hint + "_y_shape", 0, 0, -1)));
  }

  private void check(Recurrent r, RecurrentCell cell, String prefix) {
    switch (cell) {
      case LstmCell l when l.variant() == LstmCell.Variant.NO_FORGET_GATE ->
          throw LayerExporters.refuse(
              r,
              prefix,
              "its LSTM cell has no forget gate (C_t = C_{t-1} + i*g); ONNX's LSTM always has one"
                  + " (its input_forget couples f = 1 - i, a different formula)");
      case LstmCell l -> {}
      case GruCell g -> {}
      case SimpleRnnCell s -> {}
      default ->
          throw LayerExporters.refuse(
              r,
              prefix,
              "ONNX has RNN, LSTM and GRU operators only; its cell "
                  + cell
                  + " (type '"
                  + cell.typeName()
                  + "') has no ONNX equivalent");
    }
  }

  private static String opOf(RecurrentCell cell) {
    return switch (cell) {
      case LstmCell l -> "LSTM";
      case GruCell g -> "GRU";
      default -> "RNN";
    };
  }

  private static int[] orderOf(RecurrentCell cell) {
    return switch (cell) {
      case LstmCell l -> LSTM_ORDER;
      case GruCell g -> GRU_ORDER;
      default -> RNN_ORDER;
    };
  }

  /** The gate blocks of {@code tensor} (along axis 0) in {@code order}. */
  private String reorder(String tensor, int[] order) {
    if (order.length == 1) {
      return tensor;
    }
    List<String> blocks =
        graph.node("Split", tensor + "_gates", order.length, List.of(tensor), axis(0));
    List<String> ordered = new ArrayList<>();
    for (int i : order) {
      ordered.add(blocks.get(i));
    }
    return graph.node("Concat", tensor + "_onnx_order", ordered, axis(0));
  }

  private String unsqueeze(String tensor) {
    return graph.node(
        "Unsqueeze", tensor + "_dir", List.of(tensor, graph.longs(tensor + "_dir_axes", 0)));
  }

  private String directions(List<String> perDirection, String hint) {
    return perDirection.size() == 1
        ? perDirection.get(0)
        : graph.node("Concat", hint, perDirection, axis(0));
  }

  private static Attribute axis(long axis) {
    return Attribute.of("axis", axis);
  }

  private static Attribute perm(long... perm) {
    return Attribute.ints("perm", perm);
  }
}
