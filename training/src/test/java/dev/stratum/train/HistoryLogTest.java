package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryLogTest {

  @TempDir Path dir;

  @Test
  void csvAndJsonHoldEveryEpochAfterEachEpoch() throws IOException {
    TrainerTest.Setup s = TrainerTest.Setup.of(Backends.get("vector"), 1, 1);
    Path csv = dir.resolve("logs/history.csv");
    Path json = dir.resolve("logs/history.json");
    List<String> csvLinesSeen = new java.util.ArrayList<>();
    Callback reader =
        new Callback() {
          @Override
          public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
            try {
              csvLinesSeen.add(Integer.toString(Files.readAllLines(csv).size()));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    History history =
        s.trainer(3).callbacks(HistoryLog.csv(csv), HistoryLog.json(json), reader).build().fit();

    // after epoch e the CSV has a header and e rows
    assertThat(csvLinesSeen).containsExactly("2", "3", "4");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo("epoch,loss,accuracy,top2_accuracy,val_loss,val_accuracy,val_top2_accuracy");
    for (int e = 1; e <= 3; e++) {
      String[] cells = lines.get(e).split(",");
      assertThat(cells[0]).isEqualTo(Integer.toString(e));
      assertThat(Double.parseDouble(cells[1])).isEqualTo(history.epoch(e).get("loss"));
      assertThat(Double.parseDouble(cells[5])).isEqualTo(history.epoch(e).get("val_accuracy"));
    }
    List<Object> rows = JSON.std.listFrom(Files.readString(json));
    assertThat(rows).hasSize(3);
    Map<?, ?> third = (Map<?, ?>) rows.get(2);
    assertThat(third.get("epoch")).isEqualTo(3);
    assertThat(((Number) third.get("val_loss")).doubleValue())
        .isEqualTo(history.epoch(3).get("val_loss"));
    try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("history.csv", "history.json");
    }
  }

  @Test
  void nonFiniteValuesAreNullInJsonAndMissingOnesEmptyInCsv() throws IOException {
    Map<String, Double> first = new LinkedHashMap<>();
    first.put("loss", Double.NaN);
    Map<String, Double> second = new LinkedHashMap<>();
    second.put("loss", 0.5);
    second.put("val_loss", Double.POSITIVE_INFINITY);
    assertThat(HistoryLog.json(List.of(first, second)))
        .isEqualTo("[{\"epoch\":1,\"loss\":null},{\"epoch\":2,\"loss\":0.5,\"val_loss\":null}]");
    assertThat(HistoryLog.csv(List.of(first, second)))
        .isEqualTo("epoch,loss,val_loss\n1,NaN,\n2,0.5,Infinity\n");
  }
}
