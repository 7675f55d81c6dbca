package dev.stratum.train;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the history so far to a file at the end of every epoch, atomically (a reader never sees a
 * half-written file): CSV with an {@code epoch} column and one column per metric, or JSON, a list
 * of {@code {"epoch": 1, "loss": ...}} objects in which non-finite values are {@code null}.
 */
public final class HistoryLog implements Callback {

  private final Path file;
  private final boolean json;

  private HistoryLog(Path file, boolean json) {
    this.file = Objects.requireNonNull(file, "file");
    this.json = json;
  }

  /** A CSV log. */
  public static HistoryLog csv(Path file) {
    return new HistoryLog(file, false);
  }

  /** A JSON log. */
  public static HistoryLog json(Path file) {
    return new HistoryLog(file, true);
  }

  @Override
  public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    List<Map<String, Double>> history = context.history();
    try {
      AtomicFiles.writeString(file, json ? json(history) : csv(history));
    } catch (IOException e) {
      throw new UncheckedIOException("history log: writing " + file + " failed", e);
    }
  }

  static String csv(List<Map<String, Double>> history) {
    Set<String> columns = new LinkedHashSet<>();
    history.forEach(m -> columns.addAll(m.keySet()));
    StringBuilder sb = new StringBuilder("epoch");
    columns.forEach(c -> sb.append(',').append(c));
    sb.append('\n');
    for (int i = 0; i < history.size(); i++) {
      sb.append(i + 1);
      for (String c : columns) {
        Double v = history.get(i).get(c);
        sb.append(',').append(v == null ? "" : v.toString());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String json(List<Map<String, Double>> history) throws IOException {
    List<Object> epochs = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", i + 1);
      history.get(i).forEach((k, v) -> row.put(k, Double.isFinite(v) ? v : null));
      epochs.add(row);
    }
    return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(epochs);
  }
}
