package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stratum export: a trained run's model as an ONNX file with the run's configuration in its
 * metadata (the round trip through ONNX Runtime is the onnx module's test).
 */
class ExportCommandTest {

  @TempDir Path dir;

  @Test
  void exportsTheBestCheckpointOfARunWithItsConfiguration() throws Exception {
    Path run = dir.resolve("mlp");
    Cli.Result trained =
        Cli.run(
            "train",
            "--model",
            "mlp",
            "--epochs",
            "1",
            "--limit",
            "200",
            "--data",
            Cli.SUBSET.toString(),
            "--backend",
            "vector",
            "--run-dir",
            run.toString());
    assertThat(trained.code()).as(trained.all()).isZero();

    Path file = dir.resolve("mlp.onnx");
    Cli.Result r =
        Cli.run("export", run.toString(), "--output", file.toString(), "--backend", "vector");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("wrote the mlp model of").contains("input 'input' [batch, 784]");

    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
    assertThat(proto.getProducerName()).isEqualTo("Stratum");
    assertThat(proto.getGraph().getInitializerList().stream().map(TensorProto::getName))
        .contains("0.weight", "0.bias", "2.weight", "2.bias");
    assertThat(
            proto.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals("training"))
                .map(StringStringEntryProto::getValue))
        .singleElement()
        .asString()
        .contains("\"mlp\"")
        .isEqualTo(Files.readString(run.resolve("run.json")).strip());

    Cli.Result again = Cli.run("export", run.toString(), "--output", file.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("exists; pass --overwrite to replace it");
  }

  @Test
  void helpNamesTheOpset() {
    Cli.Result help = Cli.run("export", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("ONNX file (opset 17").contains("--output");
  }
}
