package dev.stratum.search;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scored candidates of a search, best first (failed ones last, in trial order), as a table and
 * as CSV.
 */
public final class SearchResults {

  /**
   * One candidate's outcome.
   *
   * @param index its position among the candidates
   * @param score the objective's value, NaN when it failed
   * @param seconds how long the objective ran
   * @param error why it failed, or {@code null}
   */
  public record Trial(
      int index, Map<String, Object> config, double score, double seconds, String error) {
    /** Whether the objective returned a finite number. */
    public boolean succeeded() {
      return error == null && Double.isFinite(score);
    }
  }

  private final List<String> names;
  private final List<Trial> trials;

  SearchResults(List<String> names, List<Trial> trials, HyperparameterSearch.Direction direction) {
    this.names = List.copyOf(names);
    Comparator<Trial> byScore = Comparator.comparingDouble(Trial::score);
    if (direction == HyperparameterSearch.Direction.MAXIMIZE) {
      byScore = byScore.reversed();
    }
    Comparator<Trial> scores = byScore;
    Comparator<Trial> order =
        (a, b) -> {
          if (a.succeeded() != b.succeeded()) {
            return a.succeeded() ? -1 : 1;
          }
          int c = a.succeeded() ? scores.compare(a, b) : 0;
          return c != 0 ? c : Integer.compare(a.index, b.index);
        };
    List<Trial> sorted = new ArrayList<>(trials);
    sorted.sort(order);
    this.trials = List.copyOf(sorted);
  }

  /** Every trial, best first. */
  public List<Trial> trials() {
    return trials;
  }

  /** The best trial; throws if every candidate failed. */
  public Trial best() {
    Trial first = trials.get(0);
    if (!first.succeeded()) {
      throw new IllegalStateException(
          "search: all " + trials.size() + " candidates failed; first error: " + first.error());
    }
    return first;
  }

  /** A fixed-width table: rank, trial, each hyper-parameter, score, seconds, error. */
  public String table() {
    List<String> header = new ArrayList<>(List.of("rank", "trial"));
    header.addAll(names);
    header.addAll(List.of("score", "seconds", "error"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (int r = 0; r < trials.size(); r++) {
      rows.add(cells(r, trials.get(r), false));
    }
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        sb.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", row.get(c)));
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString().replaceAll(" +(\\R)", "$1");
  }

  /** Prints {@link #table()}. */
  public void print(PrintStream out) {
    out.print(table());
  }

  /** The same rows as CSV (RFC 4180 quoting), header first. */
  public String toCsv() {
    List<String> header = new ArrayList<>(List.of("rank", "trial"));
    header.addAll(names);
    header.addAll(List.of("score", "seconds", "error"));
    StringBuilder sb = new StringBuilder(csvLine(header));
    for (int r = 0; r < trials.size(); r++) {
      sb.append(csvLine(cells(r, trials.get(r), true)));
    }
    return sb.toString();
  }

  /** Writes {@link #toCsv()} to {@code file}. */
  public void writeCsv(Path file) {
    try {
      Files.writeString(file, toCsv());
    } catch (IOException e) {
      throw new UncheckedIOException("search: cannot write " + file, e);
    }
  }

  private List<String> cells(int rank, Trial t, boolean exact) {
    List<String> row = new ArrayList<>();
    row.add(t.succeeded() ? String.valueOf(rank + 1) : "-");
    row.add(String.valueOf(t.index));
    for (String name : names) {
      row.add(format(t.config.get(name), exact));
    }
    row.add(format(t.score, exact));
    row.add(String.format(Locale.ROOT, "%.3f", t.seconds));
    row.add(t.error == null ? "" : t.error);
    return row;
  }

  private static String format(Object value, boolean exact) {
    if (value instanceof Double d && !exact) {
      return String.format(Locale.ROOT, "%.4g", d);
    }
    return String.valueOf(value);
  }

  private static String csvLine(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
        c = "\"" + c.replace("\"", "\"\"") + "\"";
      }
      sb.append(i == 0 ? "" : ",").append(c);
    }
    return sb.append('\n').toString();
  }
}
