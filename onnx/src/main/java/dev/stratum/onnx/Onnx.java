package dev.stratum.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.checkpoint.AtomicFiles;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Exports a model to an ONNX file that ONNX Runtime (or any ONNX server) runs.
 *
 * <pre>{@code
 * Onnx.export(model, new int[] {1, 28, 28}, Path.of("model.onnx")); // one sample's shape
 * }</pre>
 *
 * <p>The file holds one graph with the float input {@value #INPUT} of shape {@code [batch,
 * ...sampleShape]} and the output {@value #OUTPUT}; the batch axis is the symbolic dimension
 * {@value #BATCH}, so any batch size runs. It computes the model's evaluation-mode forward pass
 * (dropout off, batch normalisation from its running statistics) whatever mode the model is in.
 * Every parameter and buffer is an initializer under the name {@link Layer#parameters()} gives it
 * ({@code "encoder.0.weight"}, {@code "weight_ih_l0"}), in Stratum's (PyTorch's) layout. The
 * operators are those of the default domain at opset {@value #OPSET} (IR version {@value
 * #IR_VERSION}), which ONNX 1.12 and later check and ONNX Runtime runs.
 *
 * <p>The metadata: producer {@code Stratum} and its version, the model's description as the graph's
 * doc string, and the properties {@code stratum.version}, {@code stratum.architecture} (the {@code
 * {"type", "config"}} JSON that rebuilds the model), {@code stratum.sample_shape}, {@code
 * stratum.parameters} (the count), and whatever the caller adds (a training configuration).
 *
 * <p>Layers without an ONNX equivalent are refused with an {@link UnsupportedLayerException} that
 * names the layer and why; see the module's README for the list.
 */
public final class Onnx {

  /** The opset of the default ONNX domain that exported files use. */
  public static final int OPSET = 17;

  /** The ONNX IR version of exported files (that of ONNX 1.12, opset 17). */
  public static final int IR_VERSION = 8;

  /** The graph's input name. */
  public static final String INPUT = "input";

  /** The graph's output name. */
  public static final String OUTPUT = "output";

  /** The symbolic name of the batch axis. */
  public static final String BATCH = "batch";

  private Onnx() {}

  /**
   * Writes {@code model} for inputs of {@code sampleShape} (one sample's shape, without the batch
   * axis) to {@code path}, atomically: a temporary file beside it, forced to disk and renamed over
   * it, so a reader never sees half a file.
   *
   * @throws UnsupportedLayerException if a layer has no ONNX form
   * @throws IllegalArgumentException if the model does not accept the shape
   */
  public static void export(Layer model, int[] sampleShape, Path path) throws IOException {
    export(model, sampleShape, path, Map.of());
  }

  /**
   * As {@link #export(Layer, int[], Path)}, with {@code metadata} added to the file's metadata
   * properties (keys must not start with {@code "stratum."}, which the export writes itself).
   */
  public static void export(Layer model, int[] sampleShape, Path path, Map<String, String> metadata)
      throws IOException {
    byte[] bytes = toBytes(model, sampleShape, metadata);
    AtomicFiles.write(
        path,
        channel -> {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        });
  }

  /** The ONNX file's bytes (the serialised {@code ModelProto}). */
  public static byte[] toBytes(Layer model, int[] sampleShape, Map<String, String> metadata) {
    return toModel(model, sampleShape, metadata).toByteArray();
  }

  /** The ONNX model as the protobuf message of {@code ai.onnx.proto.OnnxMl}. */
  public static ModelProto toModel(Layer model, int[] sampleShape, Map<String, String> metadata) {
    int[] shape = inputShape(model, sampleShape);
    int[] outputShape = model.outputShape(shape);
    OnnxGraph graph = new OnnxGraph();
    graph.claim(INPUT);
    String result = new LayerExporters(graph).export(model, "", INPUT, shape);
    graph.node("Identity", OUTPUT, List.of(result));
    checkNames(model, graph);
    graph
        .proto()
        .setName(model.typeName())
        .setDocString(model.toString())
        .addInput(value(INPUT, shape))
        .addOutput(value(OUTPUT, outputShape));
    ModelProto.Builder proto =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("Stratum")
            .setProducerVersion(version())
            .setDomain("dev.stratum")
            .setModelVersion(1)
            .setDocString("Exported by Stratum " + version() + ": " + model)
            .setGraph(graph.proto());
    for (Map.Entry<String, String> e : metadata(model, sampleShape, metadata).entrySet()) {
      proto.addMetadataProps(
          StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return proto.build();
  }

  /** The version of Stratum that writes the files, from the build. */
  public static String version() {
    try (InputStream in = Onnx.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Stratum's version.properties", e);
    }
  }

  private static int[] inputShape(Layer model, int[] sampleShape) {
    if (sampleShape == null || sampleShape.length == 0) {
      throw new IllegalArgumentException(
          "ONNX export of "
              + model
              + ": the sample shape must have at least one axis (it excludes the batch axis), got "
              + Arrays.toString(sampleShape));
    }
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = 1;
    for (int i = 0; i < sampleShape.length; i++) {
      if (sampleShape[i] < 1) {
        throw new IllegalArgumentException(
            "ONNX export of "
                + model
                + ": the sample shape "
                + Arrays.toString(sampleShape)
                + " has axis "
                + i
                + " of size "
                + sampleShape[i]
                + "; every size must be at least 1");
      }
      shape[i + 1] = sampleShape[i];
    }
    return shape;
  }

  /** Every parameter and buffer must be the initializer of its own name (the promise above). */
  private static void checkNames(Layer model, OnnxGraph graph) {
    Map<String, Tensor> named = new LinkedHashMap<>(model.parameters());
    named.putAll(model.buffers());
    for (Map.Entry<String, Tensor> e : named.entrySet()) {
      String name = graph.initializerOf(e.getValue());
      if (!e.getKey().equals(name)) {
        throw new IllegalStateException(
            "ONNX export of "
                + model
                + ": the tensor '"
                + e.getKey()
                + "' was written as "
                + (name == null ? "nothing" : "'" + name + "'"));
      }
    }
  }

  private static Map<String, String> metadata(
      Layer model, int[] sampleShape, Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("stratum.version", version());
    try {
      Map<String, Object> architecture = new LinkedHashMap<>();
      architecture.put("type", model.typeName());
      architecture.put("config", model.config());
      props.put("stratum.architecture", JSON.std.asString(architecture));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the architecture of " + model + " as JSON", e);
    }
    props.put("stratum.sample_shape", Arrays.toString(sampleShape));
    long count = 0;
    for (Tensor p : model.parameters().values()) {
      count += p.size();
    }
    props.put("stratum.parameters", Long.toString(count));
    for (Map.Entry<String, String> e : extra.entrySet()) {
      if (e.getKey().startsWith("stratum.")) {
        throw new IllegalArgumentException(
            "ONNX export: metadata key '"
                + e.getKey()
                + "' is reserved (the export writes the stratum.* keys itself)");
      }
      props.put(e.getKey(), e.getValue());
    }
    return props;
  }

  private static ValueInfoProto value(String name, int[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (int i = 0; i < shape.length; i++) {
      dims.addDim(
          i == 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH)
              : TensorShapeProto.Dimension.newBuilder().setDimValue(shape[i]));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(dims)))
        .build();
  }
}
