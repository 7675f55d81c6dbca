package dev.stratum.cli.picture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The curves of a run: one chart per metric of the history ({@code loss}, {@code accuracy}, any
 * part a training step reports), its training value and its {@code val_} value per epoch. The value
 * axis is logarithmic when the values are positive and span a factor of 10 or more, so that the
 * late epochs of a falling loss stay readable.
 */
public final class MetricCurves {

  /** History columns that are not metrics. */
  private static final Set<String> NOT_METRICS = Set.of("epoch", "seconds");

  private MetricCurves() {}

  /**
   * Draws every metric of {@code epochs} (epoch 1 first) into {@code folder/curve-NAME.png}.
   *
   * @param describe what a metric measures, for the value axis ({@code "loss"} to {@code "mean
   *     squared error per pixel"})
   */
  public static List<Picture> draw(
      List<Map<String, Double>> epochs, UnaryOperator<String> describe, Path folder)
      throws IOException {
    List<Picture> pictures = new ArrayList<>();
    for (String metric : metrics(epochs)) {
      String file = "curve-" + metric.replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
      pictures.add(draw(epochs, metric, describe.apply(metric), folder.resolve(file)));
    }
    return pictures;
  }

  /** The metrics of a history: its columns without the {@code val_} forms, in order. */
  static List<String> metrics(List<Map<String, Double>> epochs) {
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, Double> epoch : epochs) {
      for (String key : epoch.keySet()) {
        String base = key.startsWith("val_") ? key.substring(4) : key;
        if (!NOT_METRICS.contains(base)) {
          names.add(base);
        }
      }
    }
    return List.copyOf(names);
  }

  /** One metric's chart. */
  static Picture draw(List<Map<String, Double>> epochs, String metric, String measures, Path file)
      throws IOException {
    double[] training = column(epochs, metric);
    double[] validation = column(epochs, "val_" + metric);
    boolean log = logScale(training, validation);
    String title = capitalise(metric) + " per epoch";
    XYChart chart = Charts.xy(title, "epoch", measures + (log ? " (log scale)" : ""));
    chart.getStyler().setYAxisLogarithmic(log);
    int n = epochs.size();
    chart.getStyler().setXAxisMin(n > 1 ? 1.0 : 0.5);
    chart.getStyler().setXAxisMax(n > 1 ? (double) n : 1.5);
    chart
        .getStyler()
        .setXAxisTickLabelsFormattingFunction(
            x -> Math.abs(x - Math.rint(x)) < 1e-9 ? Long.toString(Math.round(x)) : "");
    // XChart's default pattern drops the leading zero (".08"); four significant digits instead
    chart.getStyler().setYAxisTickLabelsFormattingFunction(Format::significant);
    chart.getStyler().setMarkerSize(8);
    boolean higherIsBetter = metric.contains("accuracy");
    // a falling loss leaves the top right empty, a rising accuracy the bottom right
    chart
        .getStyler()
        .setLegendPosition(
            higherIsBetter
                ? org.knowm.xchart.style.Styler.LegendPosition.InsideSE
                : org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    StringBuilder caption = new StringBuilder();
    addSeries(chart, "training", training, Palette.TRAINING);
    caption.append("Training: the mean over each epoch's batches, while the weights changed.");
    if (hasValues(validation)) {
      addSeries(chart, "validation", validation, Palette.VALIDATION);
      int best = best(validation, higherIsBetter);
      caption.append(
          String.format(
              Locale.ROOT,
              " Validation: after each epoch, on held-out images; %s %s at epoch %d.",
              higherIsBetter ? "highest" : "lowest",
              Format.significant(validation[best]),
              best + 1));
    }
    Charts.write(chart, file);
    return new Picture(file.getFileName().toString(), title, caption.toString());
  }

  private static void addSeries(XYChart chart, String name, double[] values, java.awt.Color color) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])
          && (!chart.getStyler().isYAxisLogarithmic() || values[i] > 0)) {
        x.add((double) (i + 1));
        y.add(values[i]);
      }
    }
    if (x.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setLineWidth(2.5f);
  }

  static double[] column(List<Map<String, Double>> epochs, String name) {
    return epochs.stream().mapToDouble(m -> m.getOrDefault(name, Double.NaN)).toArray();
  }

  /** Positive values that span a factor of ten or more. */
  static boolean logScale(double[]... series) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double[] values : series) {
      for (double v : values) {
        if (Double.isNaN(v)) {
          continue;
        }
        if (!(v > 0) || Double.isInfinite(v)) {
          return false;
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return max > 0 && max / min >= 10;
  }

  private static boolean hasValues(double[] values) {
    for (double v : values) {
      if (Double.isFinite(v)) {
        return true;
      }
    }
    return false;
  }

  private static int best(double[] values, boolean higherIsBetter) {
    int best = -1;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])
          && (best < 0 || (higherIsBetter ? values[i] > values[best] : values[i] < values[best]))) {
        best = i;
      }
    }
    return best;
  }

  private static String capitalise(String name) {
    String words = name.replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
