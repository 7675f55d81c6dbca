package dev.stratum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void demoLearnsTheSpiralsFarBetterThanChance() {
    DemoCommand.Result result = DemoCommand.train(Backends.get("vector"), 600, 42, (s, l) -> {});
    // chance is 1/3 and the initial loss about ln 3 ≈ 1.10
    assertThat(result.firstLoss()).isBetween(0.9f, 1.3f);
    assertThat(result.lastLoss()).isLessThan(result.firstLoss() / 2);
    assertThat(result.accuracy()).isGreaterThan(0.8f);
  }

  @Test
  void demoCommandPrintsTheLossFalling() {
    StringWriter text = new StringWriter();
    CommandLine cli = new CommandLine(new StratumCommand()).setOut(new PrintWriter(text));
    int code = cli.execute("demo", "--steps", "100", "--backend", "vector");
    assertThat(code).isZero();
    assertThat(text.toString())
        .contains("backend: vector")
        .containsPattern("step    0  loss 1\\.\\d{4}")
        .contains("training accuracy");
  }

  @Test
  void backendsCommandListsTheVectorBackend() {
    StringWriter text = new StringWriter();
    int code =
        new CommandLine(new StratumCommand()).setOut(new PrintWriter(text)).execute("backends");
    assertThat(code).isZero();
    assertThat(text.toString())
        .containsPattern("vector\\s+priority\\s+100\\s+available")
        .contains("default: vector");
  }
}
