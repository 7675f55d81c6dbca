package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.autoencoders.Autoencoder;
import dev.stratum.autoencoders.Autoencoders;
import dev.stratum.autoencoders.vae.Likelihood;
import dev.stratum.autoencoders.vae.VariationalAutoencoder;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.recurrent.Recurrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole models through ONNX Runtime (the small CNN of {@code stratum train --model cnn}, the dense,
 * convolutional and tied autoencoders, an LSTM classifier), and what every file carries: the
 * dynamic batch axis, the opset, the parameter names as initializer names, the metadata, and the
 * atomic write.
 */
class ModelExportTest {

  @TempDir Path dir;

  private static LayerOptions options(long seed) {
    return LayerOptions.defaults().seed(seed).on(RoundTrip.backend());
  }

  /** The CLI's {@code cnn} model: two 3×3 convolutions with pooling, then a dense classifier. */
  static Sequential smallCnn(LayerOptions o) {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, false, o),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, false, o),
        new Activation.ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dense(1568, 10, o));
  }

  /** An LSTM over 12 steps of 8 features, its last output classified into 5 classes. */
  static Sequential lstmClassifier(LayerOptions o) {
    return new Sequential(
        Recurrent.lstm(8, 16).layers(2).returnSequences(false).build(o),
        new Dense(16, 5, o),
        new Activation.Softmax());
  }

  @Test
  void smallCnn() {
    RoundTrip.check(smallCnn(options(1)), new int[] {1, 28, 28}, dir);
  }

  @Test
  void denseAutoencoder() {
    RoundTrip.check(Autoencoders.dense(options(2), 784, 128, 16), new int[] {784}, dir);
  }

  @Test
  void convolutionalAutoencoders() {
    RoundTrip.check(Autoencoders.convolutional(options(3)), new int[] {1, 28, 28}, dir);
    RoundTrip.check(Autoencoders.convolutionalPooling(options(4)), new int[] {1, 28, 28}, dir);
  }

  @Test
  void tiedAutoencoderUsesTheEncoderWeightTwice() {
    Autoencoder tied = Autoencoders.tied(options(5), new Activation.Sigmoid(), 20, 8, 4);
    RoundTrip.check(tied, new int[] {20}, dir);
    ModelProto proto = Onnx.toModel(tied, new int[] {20}, Map.of());
    // one initializer per parameter: the tied decoder has its biases only
    assertThat(initializerNames(proto)).containsAll(tied.parameters().keySet());
    assertThat(proto.getGraph().getInitializerList().stream().filter(t -> t.getDimsCount() == 2))
        .hasSize(2);
  }

  @Test
  void autoencoderHalvesExportAlone() {
    Autoencoder ae = Autoencoders.convolutional(options(6));
    RoundTrip.check(ae.encoder(), new int[] {1, 28, 28}, dir);
    RoundTrip.check(ae.decoder(), ae.codeShape(), dir);
  }

  @Test
  void variationalAutoencoderHalvesExportAlone() {
    // the whole VAE is refused (its forward pass samples); its encoder gives [mu, log var]
    VariationalAutoencoder vae =
        VariationalAutoencoder.dense(options(15), Likelihood.GAUSSIAN, 12, 8, 3);
    RoundTrip.check(vae.encoder(), new int[] {12}, dir);
    RoundTrip.check(vae.decoder(), new int[] {3}, dir);
  }

  @Test
  void lstmClassifier() {
    RoundTrip.check(lstmClassifier(options(7)), new int[] {12, 8}, dir);
  }

  @Test
  void everyParameterAndBufferIsAnInitializerOfTheSameNameAndValues() {
    Autoencoder ae = Autoencoders.convolutional(options(8));
    Sequential lstm = lstmClassifier(options(9));
    for (Map.Entry<Layer, int[]> e :
        Map.of(ae, new int[] {1, 28, 28}, lstm, new int[] {12, 8}).entrySet()) {
      Layer model = e.getKey();
      ModelProto proto = Onnx.toModel(model, e.getValue(), Map.of());
      Map<String, TensorProto> byName =
          proto.getGraph().getInitializerList().stream()
              .collect(Collectors.toMap(TensorProto::getName, t -> t));
      model
          .parameters()
          .forEach(
              (name, tensor) -> {
                TensorProto t = byName.get(name);
                assertThat(t).as("initializer %s", name).isNotNull();
                assertThat(t.getDimsList().stream().mapToInt(Long::intValue).toArray())
                    .containsExactly(tensor.shape());
                float[] stored = new float[tensor.size()];
                t.getRawData()
                    .asReadOnlyByteBuffer()
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(stored);
                assertThat(stored).containsExactly(tensor.toArray());
              });
    }
    assertThat(lstm.parameters()).containsKeys("0.weight_ih_l1", "0.bias_hh_l0", "1.weight");
  }

  @Test
  void theFileStatesItsOpsetBatchAxisAndMetadata() throws Exception {
    Sequential cnn = smallCnn(options(10));
    Path file = dir.resolve("cnn.onnx");
    Onnx.export(cnn, new int[] {1, 28, 28}, file, Map.of("training", "epochs=5, adam lr=1e-3"));
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));

    assertThat(proto.getIrVersion()).isEqualTo(Onnx.IR_VERSION);
    assertThat(proto.getOpsetImportList()).hasSize(1);
    assertThat(proto.getOpsetImport(0).getDomain()).isEmpty();
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(17L);
    assertThat(proto.getProducerName()).isEqualTo("Stratum");
    assertThat(proto.getProducerVersion()).isEqualTo(Onnx.version()).isNotEqualTo("unknown");

    var input = proto.getGraph().getInput(0);
    assertThat(input.getName()).isEqualTo(Onnx.INPUT);
    var dims = input.getType().getTensorType().getShape().getDimList();
    assertThat(dims.get(0).getDimParam()).isEqualTo(Onnx.BATCH);
    assertThat(dims.subList(1, 4).stream().map(d -> d.getDimValue())).containsExactly(1L, 28L, 28L);
    var output = proto.getGraph().getOutput(0);
    assertThat(output.getName()).isEqualTo(Onnx.OUTPUT);
    assertThat(output.getType().getTensorType().getShape().getDim(0).getDimParam())
        .isEqualTo(Onnx.BATCH);
    assertThat(output.getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(10);

    Map<String, String> props = new HashMap<>();
    for (StringStringEntryProto p : proto.getMetadataPropsList()) {
      props.put(p.getKey(), p.getValue());
    }
    assertThat(props)
        .containsEntry("stratum.version", Onnx.version())
        .containsEntry("stratum.sample_shape", "[1, 28, 28]")
        .containsEntry("stratum.parameters", Long.toString(16 * 9 + 16 + 32 * 16 * 9 + 32 + 15690))
        .containsEntry("training", "epochs=5, adam lr=1e-3");
    Map<String, Object> architecture = JSON.std.mapFrom(props.get("stratum.architecture"));
    assertThat(architecture).containsEntry("type", "sequential");
    assertThat(architecture.get("config").toString()).contains("conv2d", "max_pool2d", "dense");
    assertThat(proto.getGraph().getDocString()).isEqualTo(cnn.toString());
  }

  @Test
  void reservedMetadataKeysAreRefused() {
    assertThatThrownBy(
            () ->
                Onnx.toModel(new Dense(2, 2, options(11)), new int[] {2}, Map.of("stratum.x", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'stratum.x' is reserved");
  }

  @Test
  void aSampleShapeThatDoesNotFitIsNamed() {
    Dense dense = new Dense(6, 2, options(12));
    assertThatThrownBy(() -> Onnx.toModel(dense, new int[] {5}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Dense(6 -> 2)")
        .hasMessageContaining("5 features, not 6");
    assertThatThrownBy(() -> Onnx.toModel(dense, new int[] {0}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("axis 0 of size 0");
    assertThatThrownBy(() -> Onnx.toModel(dense, new int[0], Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one axis");
  }

  @Test
  void theFileIsReplacedWholeAndNoTemporaryFileStays() throws Exception {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "an older file");
    Dense dense = new Dense(3, 2, options(13));
    Onnx.export(dense, new int[] {3}, file);
    assertThat(ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getInitializerCount())
        .isEqualTo(2);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("model.onnx");
    }
  }

  @Test
  void aFailedExportLeavesTheOldFile() throws Exception {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "an older file");
    Layer unsupported =
        new Sequential(
            new Dense(12, 12, options(14)),
            new dev.stratum.layers.Reshape(3, 2, 2),
            new dev.stratum.layers.LocallyConnected2d(3, 2, 2, 2, 1, 1));
    assertThatThrownBy(() -> Onnx.export(unsupported, new int[] {12}, file))
        .isInstanceOf(UnsupportedLayerException.class);
    assertThat(file).hasContent("an older file");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  private static List<String> initializerNames(ModelProto proto) {
    return proto.getGraph().getInitializerList().stream().map(TensorProto::getName).toList();
  }
}
