package dev.stratum.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressCallbackTest {

  @Test
  void theProgressBarLibraryIsFoundWhenOnTheClassPath() {
    // me.tongfei:progressbar is an optional dependency of api, so it is on the test class path
    assertThat(ProgressCallback.barAvailable()).isTrue();
  }

  @Test
  void anEpochLineShowsTimeSpeedAndEveryMetricInOrder() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", 0.123456);
    metrics.put("val_loss", 0.2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressCallback progress = new ProgressCallback(5, -1, new PrintStream(bytes, true));

    assertThat(progress.line(2, 1.54, 1234.4, metrics))
        .isEqualTo("epoch 2/5 - 1.5 s - 1234 samples/s - loss 0.1235 - val_loss 0.2000");
    // not System.out, so never a bar: the epoch end prints exactly one line
    progress.onEpochBegin(null, 1);
    progress.onBatchEnd(null, 1, 0.5, 10);
    progress.onEpochEnd(null, 1, metrics);
    assertThat(bytes.toString())
        .matches("epoch 1/5 - \\d+\\.\\d s - \\d+ samples/s - loss 0.1235 - val_loss 0.2000\\R");
  }
}
