package dev.stratum.recurrent;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /** The registry name. */
  public static final String TYPE = "lstm_cell";

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
    super(inputSize, hiddenSize, variant == Variant.NO_FORGET_GATE ? 3 : 4, options);
    this.variant = variant;
    boolean peephole = variant == Variant.PEEPHOLE || variant == Variant.PEEPHOLE_FULL;
    this.peepholeI = peephole ? extraParameter("peephole_i", options, hiddenSize) : null;
    this.peepholeF = peephole ? extraParameter("peephole_f", options, hiddenSize) : null;
    this.peepholeO =
        variant == Variant.PEEPHOLE_FULL ? extraParameter("peephole_o", options, hiddenSize) : null;
  }

  /** Builds the cell from its {@link #config()}. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) ->
        new LstmCell(
            inputSize(TYPE, config),
            hiddenSize(TYPE, config),
            variant(config),
            LayerOptions.fromConfig(TYPE, backend, config));
  }

  private static Variant variant(Map<String, Object> config) {
    if (config.get("variant") == null) {
      return Variant.STANDARD;
    }
    String name = LayerConfig.string(TYPE, config, "variant");
    try {
      return Variant.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          TYPE + ": unknown variant '" + name + "'; use one of " + List.of(Variant.values()), e);
    }
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
        Tensor z = projected.add(hh);
        discard(hh);
        return variantTail(z, c);
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
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = baseConfig();
    config.put("variant", variant.name().toLowerCase(Locale.ROOT));
    return config;
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
