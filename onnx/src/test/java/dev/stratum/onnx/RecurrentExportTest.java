package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.layers.LayerOptions;
import dev.stratum.recurrent.LstmCell;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.SimpleRnnCell;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurrent layers as ONNX {@code RNN}, {@code LSTM} and {@code GRU} nodes, matching Stratum's
 * forward pass: each cell kind, both GRU reset placements, both LSTM peephole forms, bidirectional
 * (concatenated and summed), stacked, the last output only, and without biases. A wrong gate order
 * would mix gates and fail by far more than the tolerance.
 */
class RecurrentExportTest {

  @TempDir Path dir;

  private static final int[] SAMPLE = {6, 3}; // 6 steps of 3 features

  private static LayerOptions options(long seed) {
    return LayerOptions.defaults().seed(seed).on(RoundTrip.backend());
  }

  @Test
  void simpleRnnWithEachNonlinearity() {
    for (SimpleRnnCell.Nonlinearity f : SimpleRnnCell.Nonlinearity.values()) {
      RoundTrip.check(Recurrent.rnn(3, 4, f).build(options(1)), SAMPLE, dir);
    }
  }

  @Test
  void lstmGatesAreReordered() {
    RoundTrip.check(Recurrent.lstm(3, 5).build(options(2)), SAMPLE, dir);
  }

  @Test
  void lstmWithPeepholes() {
    RoundTrip.check(Recurrent.lstm(3, 4, LstmCell.Variant.PEEPHOLE).build(options(3)), SAMPLE, dir);
    RoundTrip.check(
        Recurrent.lstm(3, 4, LstmCell.Variant.PEEPHOLE_FULL).build(options(4)), SAMPLE, dir);
  }

  @Test
  void gruWithTheResetGateAfterTheProductIsLinearBeforeReset() {
    RoundTrip.check(Recurrent.gru(3, 4, true).build(options(5)), SAMPLE, dir);
  }

  @Test
  void gruWithTheResetGateBeforeTheProduct() {
    RoundTrip.check(Recurrent.gru(3, 4, false).build(options(6)), SAMPLE, dir);
  }

  @Test
  void bidirectionalConcatenatesOrSums() {
    RoundTrip.check(Recurrent.lstm(3, 4).bidirectional(true).build(options(7)), SAMPLE, dir);
    RoundTrip.check(
        Recurrent.gru(3, 4).bidirectional(true).merge(Recurrent.Merge.SUM).build(options(8)),
        SAMPLE,
        dir);
  }

  @Test
  void stackedBidirectionalLayers() {
    RoundTrip.check(
        Recurrent.lstm(3, 4).layers(3).bidirectional(true).dropout(0.3).build(options(9)),
        SAMPLE,
        dir);
    RoundTrip.check(
        Recurrent.gru(3, 4)
            .layers(2)
            .bidirectional(true)
            .merge(Recurrent.Merge.SUM)
            .build(options(10)),
        SAMPLE,
        dir);
    RoundTrip.check(Recurrent.rnn(3, 4).layers(2).build(options(11)), SAMPLE, dir);
  }

  @Test
  void lastOutputOnly() {
    RoundTrip.check(Recurrent.lstm(3, 4).returnSequences(false).build(options(12)), SAMPLE, dir);
    RoundTrip.check(
        Recurrent.gru(3, 4).layers(2).bidirectional(true).returnSequences(false).build(options(13)),
        SAMPLE,
        dir);
    RoundTrip.check(
        Recurrent.rnn(3, 4)
            .bidirectional(true)
            .merge(Recurrent.Merge.SUM)
            .returnSequences(false)
            .build(options(14)),
        SAMPLE,
        dir);
  }

  @Test
  void withoutBiases() {
    Recurrent lstm = Recurrent.lstm(3, 4).build(options(15).bias(false));
    Recurrent gru = Recurrent.gru(3, 4).build(options(16).bias(false));
    assertThat(lstm.parameters()).containsOnlyKeys("weight_ih_l0", "weight_hh_l0");
    assertThat(gru.parameters()).containsOnlyKeys("weight_ih_l0", "weight_hh_l0");
    RoundTrip.check(lstm, SAMPLE, dir);
    RoundTrip.check(gru, SAMPLE, dir);
  }
}
