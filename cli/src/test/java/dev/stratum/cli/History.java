package dev.stratum.cli;

import dev.stratum.cli.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's history.csv, read back for assertions: one map per epoch, column name to value. */
final class History {

  private History() {}

  static List<Map<String, Double>> of(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve(RunFolder.HISTORY_CSV));
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, Double>> epochs = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, Double> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]));
      }
      epochs.add(row);
    }
    return epochs;
  }

  /** The column names, in order. */
  static List<String> columns(Path run) throws IOException {
    return List.of(Files.readAllLines(run.resolve(RunFolder.HISTORY_CSV)).get(0).split(","));
  }
}
