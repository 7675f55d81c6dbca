package dev.stratum.cli.report;

import dev.stratum.checkpoint.AtomicFiles;
import dev.stratum.cli.picture.Picture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The page of one run, {@code report.html}: what ran, how it ended, the final figures, the
 * pictures, the metrics of every epoch and where the checkpoints are. It is one self-contained file
 * (styles inline, pictures as {@code data:} URLs, no script), so it can be mailed or opened from
 * any folder.
 *
 * @param title the heading ({@code "autoencoder on Fashion-MNIST"})
 * @param status how the run ended, one sentence
 * @param failed whether that sentence reports a failure (shown in red)
 * @param configuration the run's settings, in order
 * @param figures the final figures (test loss, accuracy), in order
 * @param pictures PNG files in the run folder, in order
 * @param epochs the metrics of each epoch, epoch 1 first
 * @param bestEpoch the epoch to highlight (from 1), or 0 for none
 * @param files where things are (checkpoints, history), in order
 */
public record RunReport(
    String title,
    String status,
    boolean failed,
    Map<String, String> configuration,
    Map<String, String> figures,
    List<Picture> pictures,
    List<Map<String, Double>> epochs,
    int bestEpoch,
    Map<String, String> files) {

  private static final String STYLE =
      """
      body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222;
             max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
      h1 { font-size: 1.7em; margin-bottom: 0.2em; }
      h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
      .status { font-size: 1.1em; }
      .failed { color: #b00020; font-weight: bold; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #e6e6e6; text-align: left; }
      td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
      tr.best td { background: #fff4d6; }
      figure { margin: 1.2em 0; }
      figure img { max-width: 100%; height: auto; border: 1px solid #e6e6e6; }
      figcaption { color: #555; margin-top: 0.3em; }
      code { background: #f4f4f4; padding: 0.1em 0.3em; }
      """;

  /** Copies the lists and maps. */
  public RunReport {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    configuration = new java.util.LinkedHashMap<>(configuration);
    figures = new java.util.LinkedHashMap<>(figures);
    pictures = List.copyOf(pictures);
    epochs = List.copyOf(epochs);
    files = new java.util.LinkedHashMap<>(files);
  }

  /**
   * Writes {@code folder/report.html}, reading the pictures from {@code folder}; returns its path.
   */
  public Path write(Path folder) throws IOException {
    Path file = folder.resolve("report.html");
    AtomicFiles.writeString(file, html(folder));
    return file;
  }

  /** The page, with the pictures read from {@code folder}. */
  String html(Path folder) throws IOException {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append(" - Stratum</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    page.append("<h1>").append(escape(title)).append("</h1>\n");
    page.append("<p class=\"status")
        .append(failed ? " failed" : "")
        .append("\">")
        .append(escape(status))
        .append("</p>\n");
    if (!figures.isEmpty()) {
      page.append("<h2>Final figures</h2>\n");
      keyValues(page, figures, true);
    }
    for (Picture picture : pictures) {
      Path png = folder.resolve(picture.file());
      String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
      page.append("<figure>\n<h2>")
          .append(escape(picture.title()))
          .append("</h2>\n<img alt=\"")
          .append(escape(picture.title()))
          .append("\" src=\"data:image/png;base64,")
          .append(data)
          .append("\">\n<figcaption>")
          .append(escape(picture.caption()))
          .append("</figcaption>\n</figure>\n");
    }
    if (!epochs.isEmpty()) {
      page.append("<h2>Every epoch</h2>\n");
      epochTable(page);
    }
    page.append("<h2>Configuration</h2>\n");
    keyValues(page, configuration, false);
    if (!files.isEmpty()) {
      page.append("<h2>Files</h2>\n");
      keyValues(page, files, false);
    }
    page.append("</body>\n</html>\n");
    return page.toString();
  }

  private void epochTable(StringBuilder page) {
    Set<String> columns = new LinkedHashSet<>();
    epochs.forEach(e -> columns.addAll(e.keySet()));
    page.append("<table>\n<tr><th class=\"number\">epoch</th>");
    for (String c : columns) {
      page.append("<th class=\"number\">").append(escape(c.replace('_', ' '))).append("</th>");
    }
    page.append("</tr>\n");
    for (int i = 0; i < epochs.size(); i++) {
      page.append(i + 1 == bestEpoch ? "<tr class=\"best\">" : "<tr>");
      page.append("<td class=\"number\">").append(i + 1).append("</td>");
      for (String c : columns) {
        Double v = epochs.get(i).get(c);
        page.append("<td class=\"number\">").append(v == null ? "" : format(c, v)).append("</td>");
      }
      page.append("</tr>\n");
    }
    page.append("</table>\n");
    if (bestEpoch > 0) {
      page.append(
          "<p>The highlighted row is the best epoch, whose weights the checkpoint holds.</p>\n");
    }
  }

  private static String format(String column, double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return column.equals("seconds")
        ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%.4f", value);
  }

  private static void keyValues(StringBuilder page, Map<String, String> values, boolean numbers) {
    page.append("<table>\n");
    values.forEach(
        (k, v) ->
            page.append("<tr><th>")
                .append(escape(k))
                .append(numbers ? "</th><td class=\"number\">" : "</th><td><code>")
                .append(escape(v))
                .append(numbers ? "</td></tr>\n" : "</code></td></tr>\n"));
    page.append("</table>\n");
  }

  /** Escapes text for HTML content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
