package dev.stratum.cli.picture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Points on a plane coloured by class, with the class names in the legend: the map of codes. */
public final class CodeMap {

  private CodeMap() {}

  /**
   * Draws point {@code i} at {@code (x[i], y[i])} in the colour of class {@code classes[i]}.
   *
   * @param classNames the legend's name of each class index
   */
  public static void draw(
      String title,
      String xTitle,
      String yTitle,
      double[] x,
      double[] y,
      int[] classes,
      List<String> classNames,
      Path file)
      throws IOException {
    if (x.length != y.length || x.length != classes.length) {
      throw new IllegalArgumentException(
          "code map: "
              + x.length
              + " x values, "
              + y.length
              + " y values and "
              + classes.length
              + " classes; each point needs one of each");
    }
    XYChart chart = Charts.xy(title, xTitle, yTitle);
    var style = chart.getStyler();
    style.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    style.setLegendPosition(Styler.LegendPosition.OutsideE);
    // many points: small ones, so that the clusters' shapes show
    style.setMarkerSize(x.length > 2000 ? 4 : 7);
    for (int c = 0; c < classNames.size(); c++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < classes.length; i++) {
        if (classes[i] == c && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
          xs.add(x[i]);
          ys.add(y[i]);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries series = chart.addSeries(classNames.get(c), xs, ys);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setMarkerColor(Palette.category(c));
    }
    Charts.write(chart, file);
  }
}
