package dev.stratum.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.cli.StratumCommand;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a real run's report.html in headless Chromium: every picture must load, nothing may be
 * logged as an error, and the screenshot (kept in target/report-screenshot.png) must show the page.
 * Skips with what to install when Chromium is absent; fails instead under CI=true.
 */
class ReportInBrowserTest {

  @TempDir Path dir;

  @Test
  void theReportOfARunLoadsEveryPictureAndLogsNoErrors() throws Exception {
    Path browser =
        HeadlessChromium.find()
            .orElseGet(
                () -> {
                  String missing = "needs Chromium: apt-get install chromium";
                  if ("true".equals(System.getenv("CI"))) {
                    throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
                  }
                  Assumptions.abort("skipped: the report browser test " + missing);
                  return null;
                });
    Path run = dir.resolve("run");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        StratumCommand.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute(
                "train",
                "--data",
                Path.of(
                        System.getProperty("stratum.testdata", "../testdata"),
                        "fashion-mnist-subset")
                    .toString(),
                "--limit",
                "200",
                "--epochs",
                "1",
                "--code-size",
                "2",
                "--backend",
                "vector",
                "--run-dir",
                run.toString());
    assertThat(code).as(out + "\n" + err).isZero();
    Path report = run.resolve("report.html");

    try (HeadlessChromium chromium = new HeadlessChromium(browser)) {
      chromium.send("Runtime.enable", Map.of());
      chromium.send("Log.enable", Map.of());
      chromium.send("Page.enable", Map.of());
      chromium.send("Page.navigate", Map.of("url", report.toUri().toString()));
      chromium.await("Page.loadEventFired");

      Map<String, Object> images =
          chromium.send(
              "Runtime.evaluate",
              Map.of(
                  "expression",
                  "Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth,"
                      + " i.naturalHeight])",
                  "returnByValue",
                  true));
      @SuppressWarnings("unchecked")
      List<List<Object>> loaded =
          (List<List<Object>>) ((Map<String, Object>) images.get("result")).get("value");
      // the loss curve, the reconstructions and the map of codes
      assertThat(loaded).hasSize(3);
      for (List<Object> image : loaded) {
        assertThat(image.get(1)).as("%s complete", image.get(0)).isEqualTo(true);
        assertThat(((Number) image.get(2)).intValue())
            .as("%s width", image.get(0))
            .isGreaterThan(400);
        assertThat(((Number) image.get(3)).intValue())
            .as("%s height", image.get(0))
            .isGreaterThan(200);
      }

      Map<String, Object> metrics = chromium.send("Page.getLayoutMetrics", Map.of());
      @SuppressWarnings("unchecked")
      Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
      int height = (int) Math.ceil(((Number) size.get("height")).doubleValue());
      chromium.send(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", 1100, "height", height, "deviceScaleFactor", 1, "mobile", false));
      Map<String, Object> shot = chromium.send("Page.captureScreenshot", Map.of("format", "png"));
      byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
      Path kept = Path.of("target", "report-screenshot.png");
      Files.createDirectories(kept.getParent());
      Files.write(kept, png);
      BufferedImage screenshot = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(screenshot.getWidth()).isEqualTo(1100);
      assertThat(screenshot.getHeight()).isEqualTo(height).isGreaterThan(1500);

      List<Map<String, Object>> problems =
          chromium.events().stream()
              .filter(
                  e ->
                      switch (String.valueOf(e.get("method"))) {
                        case "Runtime.exceptionThrown" -> true;
                        case "Runtime.consoleAPICalled" ->
                            List.of("error", "warning", "assert")
                                .contains(((Map<?, ?>) e.get("params")).get("type"));
                        case "Log.entryAdded" ->
                            List.of("error", "warning")
                                .contains(
                                    ((Map<?, ?>) ((Map<?, ?>) e.get("params")).get("entry"))
                                        .get("level"));
                        default -> false;
                      })
              .toList();
      assertThat(problems).as("errors the page logged").isEmpty();
    }
  }
}
