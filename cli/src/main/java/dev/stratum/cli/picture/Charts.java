package dev.stratum.cli.picture;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The one look of every chart: XChart's XY chart at 900×540, white, with a title, axis titles,
 * fonts large enough to read when the page scales the picture down, and light grid lines.
 */
final class Charts {

  static final int WIDTH = 900;
  static final int HEIGHT = 540;

  private Charts() {}

  /** An empty chart with the shared style. */
  static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    var style = chart.getStyler();
    style.setChartBackgroundColor(Color.WHITE);
    style.setPlotBackgroundColor(Color.WHITE);
    style.setPlotBorderColor(new Color(0xbbbbbb));
    style.setPlotGridLinesColor(new Color(0xe4e4e4));
    style.setChartTitleBoxVisible(false);
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    style.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    style.setLegendBorderColor(new Color(0xbbbbbb));
    style.setLegendPosition(Styler.LegendPosition.InsideNE);
    style.setChartPadding(12);
    style.setAntiAlias(true);
    style.setTextAntiAlias(true);
    style.setLocale(java.util.Locale.ROOT);
    return chart;
  }

  /** Writes the chart as a PNG. */
  static void write(XYChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IOException("no PNG writer in this JVM for " + file);
    }
  }
}
