package dev.stratum.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.autoencoders.vae.Likelihood;
import dev.stratum.autoencoders.vae.VariationalAutoencoder;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.LayerNorm;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LocallyConnected2d;
import dev.stratum.layers.Sequential;
import dev.stratum.nn.Layer;
import dev.stratum.recurrent.LstmCell;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layers without an ONNX form are refused with a message naming the layer, its place and why. */
class RefusalTest {

  private static LayerOptions options(long seed) {
    return LayerOptions.defaults().seed(seed).on(RoundTrip.backend());
  }

  @Test
  void layerNormOverTheBatchAxisIsRefused() {
    // [1, 5] fits a batch of one, but the exported graph must take any batch size
    Layer norm = new LayerNorm(1, 5);
    assertThatThrownBy(() -> Onnx.toModel(norm, new int[] {5}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("LayerNorm")
        .hasMessageContaining(
            "its normalized shape [1, 5] covers the batch axis of the input [1, 5]");
  }

  @Test
  void locallyConnectedHasNoOperator() {
    Layer model =
        new Sequential(
            new Dense(12, 12, options(1)),
            new dev.stratum.layers.Reshape(3, 2, 2),
            new LocallyConnected2d(3, 2, 2, 2, 1, 1));
    assertThatThrownBy(() -> Onnx.toModel(model, new int[] {12}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("LocallyConnected2d")
        .hasMessageContaining("at '2'")
        .hasMessageContaining("ONNX has no locally connected operator");
  }

  @Test
  void lstmWithoutForgetGateIsRefused() {
    Recurrent lstm = Recurrent.lstm(3, 4, LstmCell.Variant.NO_FORGET_GATE).build(options(2));
    assertThatThrownBy(() -> Onnx.toModel(lstm, new int[] {5, 3}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("type 'recurrent'")
        .hasMessageContaining("no forget gate");
  }

  @Test
  void mguHasNoOperator() {
    Recurrent mgu = Recurrent.mgu(3, 4).build(options(3));
    assertThatThrownBy(() -> Onnx.toModel(new Sequential(mgu), new int[] {5, 3}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("at '0'")
        .hasMessageContaining("ONNX has RNN, LSTM and GRU operators only")
        .hasMessageContaining("mgu_cell");
  }

  @Test
  void sequenceFirstRecurrentIsRefused() {
    Recurrent gru = Recurrent.gru(3, 4).sequenceFirst(true).build(options(4));
    assertThatThrownBy(() -> Onnx.toModel(gru, new int[] {5, 3}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("sequence-first");
  }

  @Test
  void variationalAutoencoderSamples() {
    VariationalAutoencoder vae =
        VariationalAutoencoder.dense(options(5), Likelihood.BERNOULLI, 10, 6, 2);
    assertThatThrownBy(() -> Onnx.toModel(vae, new int[] {10}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("export its encoder or decoder instead");
  }

  @Test
  void embeddingTakesIndices() {
    assertThatThrownBy(() -> Onnx.toModel(new Embedding(10, 4), new int[] {3}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("integer indices");
  }

  @Test
  void anUnknownLayerTypeListsWhatIsSupported() {
    Layer custom =
        new Layer() {
          @Override
          public Tensor forward(Tensor input) {
            return input;
          }

          @Override
          public int[] outputShape(int... inputShape) {
            return inputShape.clone();
          }

          @Override
          public String typeName() {
            return "my_layer";
          }

          @Override
          public Map<String, Object> config() {
            return Map.of();
          }

          @Override
          public String toString() {
            return "MyLayer()";
          }
        };
    assertThatThrownBy(() -> Onnx.toModel(custom, new int[] {3}, Map.of()))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessage(
            "ONNX export: cannot export MyLayer() (type 'my_layer'): no ONNX exporter for this"
                + " layer type; supported: dense, conv2d, conv_transpose2d, max_pool2d,"
                + " avg_pool2d, global_avg_pool2d, upsample2d, batch_norm1d, batch_norm2d,"
                + " layer_norm, dropout, flatten, reshape, the activations, sequential, time_distributed,"
                + " activity_regularization, recurrent (rnn, lstm, peephole lstm, gru), the"
                + " autoencoders and tied_dense");
  }
}
