package dev.stratum.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.stratum.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph being written: initializers (each tensor once, under the name it was first given),
 * constants, and nodes with fresh output names. The exporters of {@link LayerExporters} add to it
 * through {@link #node} and read nothing back, so the order of nodes is the order of the model.
 */
final class OnnxGraph {

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<Tensor, String> initialized = new IdentityHashMap<>();
  private final Set<String> names = new HashSet<>();
  private int counter;

  GraphProto.Builder proto() {
    return graph;
  }

  /**
   * The name of {@code tensor} as an initializer: {@code name} the first time it is seen, the name
   * it got then afterwards (a tied weight is one initializer used twice).
   */
  String initializer(String name, Tensor tensor) {
    String known = initialized.get(tensor);
    if (known != null) {
      return known;
    }
    claim(name);
    graph.addInitializer(floatTensor(name, tensor.toArray(), tensor.shape()));
    initialized.put(tensor, name);
    return name;
  }

  /** The initializer name of {@code tensor} if it has one already, else {@code null}. */
  String initializerOf(Tensor tensor) {
    return initialized.get(tensor);
  }

  /** A float constant (an initializer with a fresh name built from {@code hint}). */
  String floats(String hint, float[] values, int... shape) {
    String name = fresh(hint);
    graph.addInitializer(floatTensor(name, values, shape));
    return name;
  }

  /** A 64-bit integer constant, such as the shape input of {@code Reshape}. */
  String longs(String hint, long... values) {
    String name = fresh(hint);
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      bytes.putLong(v);
    }
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length)
            .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  /**
   * Adds a node of {@code op} reading {@code inputs} (an empty string is an absent optional input)
   * and returns its first output, named from {@code hint}.
   */
  String node(String op, String hint, List<String> inputs, Attribute... attributes) {
    return node(op, hint, 1, inputs, attributes).get(0);
  }

  /** A node with {@code outputs} outputs, named from {@code hint}; returns their names. */
  List<String> node(
      String op, String hint, int outputs, List<String> inputs, Attribute... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).addAllInput(inputs);
    String base = fresh(hint);
    node.setName(base);
    String[] out = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      out[i] = i == 0 ? base : fresh(base + "_" + i);
      node.addOutput(out[i]);
    }
    for (Attribute a : attributes) {
      node.addAttribute(a.proto());
    }
    graph.addNode(node);
    return List.of(out);
  }

  /** Reserves {@code name}; a second tensor under one name is a bug of the exporter. */
  void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalStateException("ONNX export: the name '" + name + "' is used twice");
    }
  }

  /** {@code hint}, or {@code hint_2}, {@code hint_3}... when taken. */
  String fresh(String hint) {
    String name = hint;
    while (names.contains(name)) {
      name = hint + "_" + (++counter);
    }
    names.add(name);
    return name;
  }

  private static TensorProto floatTensor(String name, float[] values, int[] shape) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (int d : shape) {
      t.addDims(d);
    }
    return t.build();
  }

  /** A node attribute. */
  record Attribute(AttributeProto proto) {

    static Attribute of(String name, long value) {
      return new Attribute(
          AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
    }

    static Attribute of(String name, float value) {
      return new Attribute(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeType.FLOAT)
              .setF(value)
              .build());
    }

    static Attribute of(String name, String value) {
      return new Attribute(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeType.STRING)
              .setS(ByteString.copyFromUtf8(value))
              .build());
    }

    static Attribute ints(String name, long... values) {
      AttributeProto.Builder a =
          AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
      for (long v : values) {
        a.addInts(v);
      }
      return new Attribute(a.build());
    }

    static Attribute strings(String name, String... values) {
      AttributeProto.Builder a =
          AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
      for (String v : values) {
        a.addStrings(ByteString.copyFromUtf8(v));
      }
      return new Attribute(a.build());
    }
  }
}
