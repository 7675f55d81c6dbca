package dev.stratum.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The bar chart of {@code benchmarks/run-suite.sh}: one bar per ratio (Stratum over its reference,
 * measured in the same script; peak memory the other way round, so that above 1 is ahead for every
 * bar), green at or above 1, orange below, with a line at 1. Reads the {@code ratios.tsv} that
 * {@code reference/suite_report.py} writes (label, tab, ratio; one per line) and writes a PNG.
 *
 * <pre>
 * java -cp ... dev.stratum.benchmarks.RatioChart ratios.tsv suite-ratios.png "machine, date"
 * </pre>
 */
public final class RatioChart {

  private static final Color AHEAD = new Color(0x2e7d32);
  private static final Color BEHIND = new Color(0xef6c00);

  private RatioChart() {}

  /** {@code args}: the TSV of ratios, the PNG to write, and a subtitle (the machine and date). */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "RatioChart: give the ratios TSV, the PNG to write and a subtitle; got "
              + args.length
              + " arguments");
    }
    List<String> labels = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      if (fields.length != 2) {
        throw new IllegalArgumentException(
            "RatioChart: " + args[0] + ": expected 'label<TAB>ratio', got '" + line + "'");
      }
      labels.add(fields[0]);
      ratios.add(Double.parseDouble(fields[1]));
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("RatioChart: " + args[0] + " holds no ratios");
    }
    write(chart(labels, ratios, args[2]), Path.of(args[1]));
  }

  static CategoryChart chart(List<String> labels, List<Double> ratios, String subtitle) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(900, 420 + 56 * labels.size()))
            .height(760)
            .title("Stratum / reference, measured in the same script")
            .xAxisTitle(subtitle)
            .yAxisTitle("ratio (above 1: Stratum ahead)")
            .build();
    CategoryStyler style = chart.getStyler();
    style.setChartBackgroundColor(Color.WHITE);
    style.setPlotBackgroundColor(Color.WHITE);
    style.setPlotBorderColor(new Color(0xbbbbbb));
    style.setPlotGridLinesColor(new Color(0xe4e4e4));
    style.setChartTitleBoxVisible(false);
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    style.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    style.setLegendPosition(Styler.LegendPosition.OutsideE);
    style.setChartPadding(12);
    style.setAntiAlias(true);
    style.setTextAntiAlias(true);
    style.setLocale(Locale.ROOT);
    style.setXAxisLabelRotation(90);
    style.setXAxisMaxLabelCount(labels.size()); // every bar keeps its label
    style.setOverlapped(true);
    style.setYAxisMin(0.0);
    style.setYAxisDecimalPattern("0.0#");

    // two series over the same categories, each zero where the other has the bar, so the colour
    // says at a glance which side of 1 a ratio is on
    List<Double> ahead = new ArrayList<>();
    List<Double> behind = new ArrayList<>();
    for (double r : ratios) {
      ahead.add(r >= 1 ? r : 0.0);
      behind.add(r >= 1 ? 0.0 : r);
    }
    chart.addSeries("Stratum ahead (≥ 1)", labels, ahead).setFillColor(AHEAD);
    chart.addSeries("Stratum behind (< 1)", labels, behind).setFillColor(BEHIND);
    CategorySeries level =
        chart.addSeries("level (1.0)", labels, Collections.nCopies(labels.size(), 1.0));
    level.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    level.setLineColor(Color.DARK_GRAY);
    level.setMarkerColor(new Color(0, 0, 0, 0));
    return chart;
  }

  static void write(CategoryChart chart, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile())) {
      throw new IOException("RatioChart: no PNG writer in this JVM for " + file);
    }
  }
}
