package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM lists every artifact the build installs, so a user's import covers them all. */
class BomTest {

  private static final Path ROOT =
      Path.of(System.getProperty("stratum.testdata", "../testdata")).toAbsolutePath().getParent();

  @Test
  void theBomListsEveryInstalledModule() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom").resolve("pom.xml"));
    List<String> installed = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (module.find()) {
      String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
      // the module's own artifactId: the first one after its parent block
      String own = pom.substring(pom.indexOf("</parent>") < 0 ? 0 : pom.indexOf("</parent>"));
      Matcher id = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
      assertThat(id.find()).as(module.group(1)).isTrue();
      if (!pom.contains("<maven.install.skip>true</maven.install.skip>")
          && !id.group(1).equals("stratum-bom")) {
        installed.add(id.group(1));
      }
    }
    assertThat(installed).contains("stratum-api", "stratum-cli", "stratum-training");
    for (String artifact : installed) {
      assertThat(bom)
          .as("the BOM lists " + artifact)
          .contains("<artifactId>" + artifact + "</artifactId>");
    }
  }
}
