package dev.stratum.recurrent;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The gated recurrent unit, with the reset gate in either place:
 *
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * resetAfter = true  (PyTorch, cuDNN, Keras reset_after=True):  n = tanh(W_in x + b_in + r*(W_hn h + b_hn))
 * resetAfter = false (Cho et al. 2014, Keras reset_after=False): n = tanh(W_in x + b_in + W_hn (r*h) + b_hn)
 * h_t = (1 − z)*n + z*h_{t−1}
 * </pre>
 *
 * <p>The update gate keeps the old state: {@code z = 1} copies {@code h_{t−1}} (PyTorch's and
 * Keras' convention; Cho et al. write {@code h_t = z*h_{t−1} + (1 − z)*h̃} the same way round,
 * while some texts swap {@code z} and {@code 1 − z}). Parameters as PyTorch's {@code GRUCell}:
 * {@code weight_ih [3H, in]}, {@code weight_hh [3H, H]}, {@code bias_ih}, {@code bias_hh [3H]},
 * blocks in the order {@code r, z, n} (Keras orders them {@code z, r, h}).
 *
 * <p>With {@code resetAfter} the element-wise tail runs as one fused kernel per step where the
 * backend offers {@link dev.stratum.backend.fused.FusedGruCell}, else as tensor ops ({@link
 * GruTail}).
 */
public final class GruCell extends GatedCell {

  /** The registry name. */
  public static final String TYPE = "gru_cell";

  private final boolean resetAfter;

  /** PyTorch's GRU cell ({@code resetAfter = true}). */
  public GruCell(int inputSize, int hiddenSize, LayerOptions options) {
    this(inputSize, hiddenSize, true, options);
  }

  /** A GRU cell with the reset gate after ({@code true}) or before the hidden product. */
  public GruCell(int inputSize, int hiddenSize, boolean resetAfter, LayerOptions options) {
    super(inputSize, hiddenSize, 3, options);
    this.resetAfter = resetAfter;
  }

  /** Builds the cell from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new GruCell(
            inputSize(TYPE, config),
            hiddenSize(TYPE, config),
            LayerConfig.bool(TYPE, config, "resetAfter", true),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  /** Whether the reset gate multiplies {@code W_hn h + b_hn} (PyTorch) rather than {@code h}. */
  public boolean resetAfter() {
    return resetAfter;
  }

  @Override
  public List<Tensor> step(Tensor input, List<Tensor> state) {
    Unroll unroll = unroll();
    return unroll.step(unroll.project(input), state);
  }

  @Override
  public Unroll unroll() {
    int hidden = hiddenSize();
    // the Cho form multiplies r into h before the product with W_hn: two products per step
    Tensor weightRz = resetAfter ? null : weightHh.slice(0, 0, 2 * hidden);
    Tensor weightN = resetAfter ? null : weightHh.slice(0, 2 * hidden, 3 * hidden);
    Tensor biasRz = resetAfter || biasHh == null ? null : biasHh.slice(0, 0, 2 * hidden);
    Tensor biasN = resetAfter || biasHh == null ? null : biasHh.slice(0, 2 * hidden, 3 * hidden);
    HiddenProjection projection = resetAfter ? new HiddenProjection(weightHh) : null;
    return new Unroll() {
      @Override
      public Tensor project(Tensor inputs) {
        return inputProjection(inputs, biasIh);
      }

      @Override
      public List<Tensor> step(Tensor projected, List<Tensor> state) {
        Tensor h = state.get(0);
        if (resetAfter) {
          return List.of(GruTail.apply(projected, projection.apply(h), biasHh, h));
        }
        int batch = h.dim(0);
        List<Tensor> x = projected.reshape(batch, 3, hidden).unbind(1);
        Tensor hrz = h.matmul(weightRz, false, true);
        if (biasRz != null) {
          hrz = hrz.biasActivation(biasRz, null, 0f);
        }
        List<Tensor> a = hrz.reshape(batch, 2, hidden).unbind(1);
        Tensor r = x.get(0).add(a.get(0)).sigmoid();
        Tensor z = x.get(1).add(a.get(1)).sigmoid();
        Tensor hn = r.mul(h).matmul(weightN, false, true);
        if (biasN != null) {
          hn = hn.biasActivation(biasN, null, 0f);
        }
        Tensor n = x.get(2).add(hn).tanh();
        return List.of(GruTail.update(z, n, h));
      }
    };
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = baseConfig();
    config.put("resetAfter", resetAfter);
    return config;
  }

  @Override
  protected String describe() {
    return "GruCell("
        + inputSize()
        + " -> "
        + hiddenSize()
        + (resetAfter ? "" : ", reset before")
        + (hasBias() ? "" : ", no bias")
        + ")";
  }
}
