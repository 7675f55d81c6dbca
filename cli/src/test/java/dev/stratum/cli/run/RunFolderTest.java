package dev.stratum.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  @TempDir Path dir;

  @Test
  void configurationAndHistoryComeBackAsWritten() throws Exception {
    RunFolder folder = RunFolder.create(dir.resolve("run"), false);
    RunConfig config =
        new RunConfig(
            "autoencoder",
            "/data",
            7,
            128,
            "{\"optimizer\": \"adam\"}",
            3,
            42L,
            null,
            new dev.stratum.cli.kind.ModelSettings(
                2, 32, "lstm", "gaussian", 0.3, 0.05, 0.1, 0.2, 4.0));
    folder.writeConfig(config);
    assertThat(folder.readConfig()).isEqualTo(config);
    Map<String, Double> first = new LinkedHashMap<>();
    first.put("loss", 0.5);
    first.put("val_loss", Double.NaN);
    List<Map<String, Double>> history = List.of(first, Map.of("loss", 0.25));
    folder.writeHistory(history);
    List<Map<String, Double>> back = folder.readHistory();
    assertThat(back).hasSize(2);
    assertThat(back.get(0)).containsEntry("loss", 0.5).containsKey("val_loss");
    assertThat(back.get(0).get("val_loss")).isNaN();
    assertThat(Files.readAllLines(folder.file(RunFolder.HISTORY_CSV)))
        .containsExactly("epoch,loss,val_loss", "1,0.5,", "2,0.25,");
  }

  @Test
  void aRunIsOnlyReplacedWithOverwriteAndOtherFilesNever() throws Exception {
    Path root = dir.resolve("run");
    RunFolder.create(root, false)
        .writeConfig(
            new RunConfig(
                "mlp", "d", 1, 1, "{}", 1, 1L, 10, dev.stratum.cli.kind.ModelSettings.defaults()));
    Files.createDirectories(root.resolve("best"));
    Files.writeString(root.resolve("best").resolve("model.json"), "{}");
    Files.writeString(root.resolve("curve-loss.png"), "png");
    assertThatThrownBy(() -> RunFolder.create(root, false))
        .hasMessage(
            "--run-dir "
                + root
                + " already holds a run; pass --overwrite to replace it, or"
                + " --resume "
                + root
                + " to continue it");
    RunFolder.create(root, true);
    try (var left = Files.list(root)) {
      assertThat(left.toList()).isEmpty();
    }
    Files.writeString(root.resolve("thesis.tex"), "years of work");
    assertThatThrownBy(() -> RunFolder.create(root, true))
        .hasMessageContaining("holds files a run does not write (thesis.tex)");
    assertThat(root.resolve("thesis.tex")).exists();
  }

  @Test
  void aFolderWithoutARunIsNamed() throws Exception {
    assertThatThrownBy(() -> RunFolder.existing(dir.resolve("absent")))
        .hasMessage(dir.resolve("absent") + ": no such run folder");
    assertThatThrownBy(() -> RunFolder.existing(dir))
        .hasMessage(dir + " holds no run: run.json is missing (stratum train writes it)");
    RunFolder empty = RunFolder.create(dir.resolve("new"), false);
    assertThatThrownBy(empty::epochsDone).hasMessageContaining("has no checkpoint to resume from");
  }

  @Test
  void aBadConfigurationNamesTheFieldAndTheFile() throws Exception {
    RunFolder folder = RunFolder.create(dir.resolve("run"), false);
    Files.writeString(
        folder.file(RunFolder.CONFIG),
        "{\"model\": \"mlp\", \"data\": \"d\", \"epochs\": \"ten\"}");
    assertThatThrownBy(folder::readConfig)
        .hasMessage(folder.file(RunFolder.CONFIG) + ": \"epochs\" must be a whole number, got ten");
  }
}
