package dev.stratum.recurrent;

import dev.stratum.layers.Default;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.init.Initializer;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * Long short-term memory, with the forget gate (the default) or in one of its other forms. With
 * {@code z = W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh} split into gate blocks:
 *
 * <pre>
 * STANDARD          i = σ(z_i)   f = σ(z_f)   C̃ = tanh(z_g)   o = σ(z_o)
 *                   C_t = f*C_{t−1} + i*C̃          h_t = o*tanh(C_t)
 * NO_FORGET_GATE    the first LSTM (Hochreiter &amp; Schmidhuber 1997): no f;
 *                   C_t = C_{t−1} + i*C̃
 * PEEPHOLE          diagonal peepholes from C_{t−1} into i and f (none on o):
 *                   i = σ(z_i + p_i*C_{t−1})   f = σ(z_f + p_f*C_{t−1})
 * PEEPHOLE_FULL     as PEEPHOLE, and o peeks at the new cell: o = σ(z_o + p_o*C_t)
 * </pre>
 *
 * <p>Parameters as PyTorch's {@code LSTMCell}: {@code weight_ih [4H, in]}, {@code weight_hh [4H,
 * H]}, {@code bias_ih}, {@code bias_hh [4H]}, blocks in the order {@code i, f, g, o} (Keras orders
 * them {@code i, f, c, o} too, but keeps one bias). Without a forget gate the blocks are {@code i,
 * g, o} ({@code 3H} rows). The peepholes are {@code peephole_i}, {@code peephole_f} and {@code
 * peephole_o}, each {@code [H]}. The state is {@code (h, C)}.
 *
 * <p>The standard form's element-wise tail runs as one fused kernel per step where the backend
 * offers {@link dev.stratum.backend.fused.FusedLstmCell}, else as tensor ops ({@link LstmTail}).
 */
public final class LstmCell extends GatedCell {

  /**
   * The cell's arguments, as its JSON config holds them.
   *
   * @param inputSize features of each input step
   * @param hiddenSize units
   * @param variant which LSTM
   * @param bias whether the cell has the biases {@code bias_ih} and {@code bias_hh}
   * @param weightInit the weight initializer (null: PyTorch's {@code U(−1/√H, 1/√H)})
   * @param biasInit the bias initializer (null: the same)
   */
  public record Config(
      int inputSize,
      int hiddenSize,
      @Default("standard") Variant variant,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = orFanIn(weightInit);
      biasInit = orFanIn(biasInit);
    }
  }

  /** The registry entry, {@code "lstm_cell"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "lstm_cell",
          Config.class,
          (c, backend) -> new LstmCell(c, LayerOptions.defaults().on(backend)));

  /** Which LSTM. */
  public enum Variant {
    /** With forget gate: PyTorch's, Keras', cuDNN's LSTM. */
    STANDARD,
    /** Without forget gate: {@code C_t = C_{t−1} + i*C̃}. */
    NO_FORGET_GATE,
    /** Peepholes from {@code C_{t−1}} into the input and forget gates. */
    PEEPHOLE,
    /** Peepholes into the input and forget gates, and from {@code C_t} into the output gate. */
    PEEPHOLE_FULL
  }

  private final Variant variant;
  private final Tensor peepholeI;
  private final Tensor peepholeF;
  private final Tensor peepholeO;

  /** A standard LSTM cell. */
  public LstmCell(int inputSize, int hiddenSize, LayerOptions options) {
    this(inputSize, hiddenSize, Variant.STANDARD, options);
  }

  /** An LSTM cell of the given variant. */
  public LstmCell(int inputSize, int hiddenSize, Variant variant, LayerOptions options) {
    this(
        new Config(
            inputSize,
            hiddenSize,
            variant,
            options.bias(),
            options.weightInit(),
            options.biasInit()),
        options);
  }

  private LstmCell(Config c, LayerOptions options) {
    super(
        TYPE,
        c,
        options,
        c.inputSize(),
        c.hiddenSize(),
        c.variant() == Variant.NO_FORGET_GATE ? 3 : 4,
        c.bias(),
        c.weightInit(),
        c.biasInit());
    this.variant = c.variant();
    boolean peephole = variant == Variant.PEEPHOLE || variant == Variant.PEEPHOLE_FULL;
    this.peepholeI = peephole ? extraParameter("peephole_i") : null;
    this.peepholeF = peephole ? extraParameter("peephole_f") : null;
    this.peepholeO = variant == Variant.PEEPHOLE_FULL ? extraParameter("peephole_o") : null;
  }

  /** The variant. */
  public Variant variant() {
    return variant;
  }

  @Override
  public int stateCount() {
    return 2;
  }

  @Override
  public List<Tensor> step(Tensor input, List<Tensor> state) {
    Unroll unroll = unroll();
    return unroll.step(unroll.project(input), state);
  }

  @Override
  public Unroll unroll() {
    Tensor bias = summedBias();
    HiddenProjection hidden = new HiddenProjection(weightHh);
    return new Unroll() {
      @Override
      public void finish() {
        hidden.finish();
      }

      @Override
      public Tensor project(Tensor inputs) {
        return inputProjection(inputs, bias);
      }

      @Override
      public List<Tensor> step(Tensor projected, List<Tensor> state) {
        Tensor h = state.get(0);
        Tensor c = state.get(1);
        Tensor hh = hidden.apply(h);
        if (variant == Variant.STANDARD) {
          return LstmTail.apply(projected, hh, c, hiddenSize());
        }
        return variantTail(projected.add(hh), c);
      }
    };
  }

  /** The tail of the other variants, in tensor ops. */
  private List<Tensor> variantTail(Tensor z, Tensor cPrev) {
    int hidden = hiddenSize();
    int batch = z.dim(0);
    List<Tensor> blocks = z.reshape(batch, gates(), hidden).unbind(1);
    Tensor c;
    Tensor zo;
    if (variant == Variant.NO_FORGET_GATE) {
      Tensor i = blocks.get(0).sigmoid();
      Tensor g = blocks.get(1).tanh();
      c = cPrev.add(i.mul(g));
      zo = blocks.get(2);
    } else {
      Tensor i = blocks.get(0).add(peepholeI.mul(cPrev)).sigmoid();
      Tensor f = blocks.get(1).add(peepholeF.mul(cPrev)).sigmoid();
      Tensor g = blocks.get(2).tanh();
      c = f.mul(cPrev).add(i.mul(g));
      zo = variant == Variant.PEEPHOLE_FULL ? blocks.get(3).add(peepholeO.mul(c)) : blocks.get(3);
    }
    Tensor h = zo.sigmoid().mul(c.tanh());
    return List.of(h, c);
  }

  @Override
  protected String describe() {
    return "LstmCell("
        + inputSize()
        + " -> "
        + hiddenSize()
        + (variant == Variant.STANDARD ? "" : ", " + variant.name().toLowerCase(Locale.ROOT))
        + (hasBias() ? "" : ", no bias")
        + ")";
  }
}
