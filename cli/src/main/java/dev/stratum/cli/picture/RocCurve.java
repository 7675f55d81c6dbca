package dev.stratum.cli.picture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The receiver operating characteristic of anomaly scores: for every threshold, the fraction of
 * anomalies flagged (true-positive rate) against the fraction of normal samples flagged
 * (false-positive rate), and the area under it. Samples with equal scores are passed together, so
 * ties give a diagonal step and count half, and the area equals the probability that a random
 * anomaly scores above a random normal sample (the Mann–Whitney statistic).
 *
 * @param falsePositiveRate from 0 to 1, one point per distinct score plus the origin
 * @param truePositiveRate from 0 to 1, matching {@code falsePositiveRate}
 * @param auc the area under the curve
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double auc) {

  /** The curve of {@code scores}, where a higher score means more anomalous. */
  public static RocCurve of(double[] scores, boolean[] anomalous) {
    if (scores.length != anomalous.length) {
      throw new IllegalArgumentException(
          "ROC curve: " + scores.length + " scores but " + anomalous.length + " labels");
    }
    long positives = 0;
    for (boolean a : anomalous) {
      positives += a ? 1 : 0;
    }
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "ROC curve: needs anomalous and normal samples, got "
              + positives
              + " anomalous and "
              + negatives
              + " normal");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("ROC curve: score " + i + " is NaN");
      }
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double[] fpr = new double[scores.length + 1];
    double[] tpr = new double[scores.length + 1];
    int points = 1;
    long tp = 0;
    long fp = 0;
    double area = 0;
    for (int i = 0; i < order.length; ) {
      double score = scores[order[i]];
      long tpBefore = tp;
      long fpBefore = fp;
      while (i < order.length && scores[order[i]] == score) {
        if (anomalous[order[i]]) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      // trapezoid between the previous point and this one
      area += (fp - fpBefore) * (tp + tpBefore) / 2.0;
      fpr[points] = (double) fp / negatives;
      tpr[points] = (double) tp / positives;
      points++;
    }
    return new RocCurve(
        Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), area / positives / negatives);
  }

  /** Draws the curve with the diagonal of chance and the area in the legend. */
  public Picture draw(String title, Path file) throws IOException {
    XYChart chart =
        Charts.xy(
            title,
            "false-positive rate (normal samples flagged)",
            "true-positive rate (anomalies flagged)");
    var style = chart.getStyler();
    style.setXAxisMin(0.0);
    style.setXAxisMax(1.0);
    style.setYAxisMin(0.0);
    style.setYAxisMax(1.0);
    style.setLegendPosition(Styler.LegendPosition.InsideSE);
    XYSeries chance = chart.addSeries("chance (AUC 0.5)", List.of(0.0, 1.0), List.of(0.0, 1.0));
    chance.setLineColor(Palette.REFERENCE);
    chance.setMarker(SeriesMarkers.NONE);
    chance.setLineStyle(
        new java.awt.BasicStroke(
            1.5f,
            java.awt.BasicStroke.CAP_BUTT,
            java.awt.BasicStroke.JOIN_MITER,
            1f,
            new float[] {6f, 6f},
            0f));
    XYSeries curve =
        chart.addSeries(
            String.format(Locale.ROOT, "ROC (AUC %.3f)", auc), falsePositiveRate, truePositiveRate);
    curve.setLineColor(Palette.TRAINING);
    curve.setMarker(SeriesMarkers.NONE);
    curve.setLineWidth(2.5f);
    Charts.write(chart, file);
    return new Picture(
        file.getFileName().toString(),
        title,
        String.format(
            Locale.ROOT,
            "Each point is a threshold on the anomaly score; the area under the curve is %.3f"
                + " (1 separates every anomaly from every normal sample, 0.5 is chance).",
            auc));
  }
}
