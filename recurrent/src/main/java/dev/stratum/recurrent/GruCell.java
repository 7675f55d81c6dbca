package dev.stratum.recurrent;

import dev.stratum.layers.Default;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.init.Initializer;
import dev.stratum.tensor.Tensor;
import java.util.List;

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

  /**
   * The cell's arguments, as its JSON config holds them.
   *
   * @param inputSize features of each input step
   * @param hiddenSize units
   * @param resetAfter whether the reset gate multiplies {@code W_hn h + b_hn} (PyTorch)
   * @param bias whether the cell has the biases {@code bias_ih} and {@code bias_hh}
   * @param weightInit the weight initializer (null: PyTorch's {@code U(−1/√H, 1/√H)})
   * @param biasInit the bias initializer (null: the same)
   */
  public record Config(
      int inputSize,
      int hiddenSize,
      @Default("true") boolean resetAfter,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = orFanIn(weightInit);
      biasInit = orFanIn(biasInit);
    }
  }

  /** The registry entry, {@code "gru_cell"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "gru_cell",
          Config.class,
          (c, backend) -> new GruCell(c, LayerOptions.defaults().on(backend)));

  private final boolean resetAfter;

  /** PyTorch's GRU cell ({@code resetAfter = true}). */
  public GruCell(int inputSize, int hiddenSize, LayerOptions options) {
    this(inputSize, hiddenSize, true, options);
  }

  /** A GRU cell with the reset gate after ({@code true}) or before the hidden product. */
  public GruCell(int inputSize, int hiddenSize, boolean resetAfter, LayerOptions options) {
    this(
        new Config(
            inputSize,
            hiddenSize,
            resetAfter,
            options.bias(),
            options.weightInit(),
            options.biasInit()),
        options);
  }

  private GruCell(Config c, LayerOptions options) {
    super(
        TYPE, c, options, c.inputSize(), c.hiddenSize(), 3, c.bias(), c.weightInit(), c.biasInit());
    this.resetAfter = c.resetAfter();
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
      public void finish() {
        if (projection != null) {
          projection.finish();
        }
      }

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
