package dev.stratum.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.cli.picture.Picture;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  @TempDir Path dir;

  @Test
  void thePageCarriesItsPicturesInlineAndEscapesText() throws Exception {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(image, "png", dir.resolve("a.png").toFile());
    byte[] png = Files.readAllBytes(dir.resolve("a.png"));
    Map<String, Double> e1 = new LinkedHashMap<>(Map.of("loss", 0.5));
    e1.put("seconds", 2.25);
    RunReport report =
        new RunReport(
            "mlp <test>",
            "Diverged: loss & NaN",
            true,
            Map.of("optimizer", "{\"lr\": 1}"),
            Map.of("test loss", "0.1234"),
            List.of(new Picture("a.png", "A picture", "It shows \"a\".")),
            List.of(e1, Map.of("loss", 0.25, "seconds", 1.0)),
            2,
            Map.of("best checkpoint", "/runs/x/best"));
    String html = Files.readString(report.write(dir));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<h1>mlp &lt;test&gt;</h1>")
        .contains("<p class=\"status failed\">Diverged: loss &amp; NaN</p>")
        .contains("src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"")
        .contains("It shows &quot;a&quot;.")
        .contains("<code>{&quot;lr&quot;: 1}</code>")
        .contains("<tr class=\"best\"><td class=\"number\">2</td><td class=\"number\">0.2500</td>")
        .contains("<td class=\"number\">2.3</td>")
        .doesNotContain("<script")
        .doesNotContain("src=\"a.png\"");
  }

  @Test
  void escapeCoversEveryCharacterWithAMeaningInHtml() {
    assertThat(RunReport.escape("<a href='x'>\"&\"</a>"))
        .isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
  }
}
