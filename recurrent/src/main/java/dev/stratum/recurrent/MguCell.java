package dev.stratum.recurrent;

import dev.stratum.layers.Default;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.init.Initializer;
import dev.stratum.tensor.Tensor;
import java.util.List;

/**
 * The minimal gated unit (Zhou et al. 2016), one gate instead of the GRU's two:
 *
 * <pre>
 * f_t = σ(W_f h_{t−1} + U_f x_t + b_f)
 * h̃_t = tanh(W_h (f_t*h_{t−1}) + U_h x_t + b_h)
 * h_t = (1 − f_t)*h_{t−1} + f_t*h̃_t
 * </pre>
 *
 * <p>Parameters in the layout of the other cells: {@code weight_ih [2H, in]} holds {@code U_f} then
 * {@code U_h}, {@code weight_hh [2H, H]} holds {@code W_f} then {@code W_h}, and {@code bias_ih},
 * {@code bias_hh [2H]} add up to {@code b_f, b_h} (two vectors, as PyTorch's cells have, although
 * one would do).
 */
public final class MguCell extends GatedCell {

  /**
   * The cell's arguments, as its JSON config holds them.
   *
   * @param inputSize features of each input step
   * @param hiddenSize units
   * @param bias whether the cell has the biases {@code bias_ih} and {@code bias_hh}
   * @param weightInit the weight initializer (null: PyTorch's {@code U(−1/√H, 1/√H)})
   * @param biasInit the bias initializer (null: the same)
   */
  public record Config(
      int inputSize,
      int hiddenSize,
      @Default("true") boolean bias,
      @Default Initializer weightInit,
      @Default Initializer biasInit) {
    public Config {
      weightInit = orFanIn(weightInit);
      biasInit = orFanIn(biasInit);
    }
  }

  /** The registry entry, {@code "mgu_cell"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "mgu_cell",
          Config.class,
          (c, backend) -> new MguCell(c, LayerOptions.defaults().on(backend)));

  /** A minimal gated unit. */
  public MguCell(int inputSize, int hiddenSize, LayerOptions options) {
    this(
        new Config(inputSize, hiddenSize, options.bias(), options.weightInit(), options.biasInit()),
        options);
  }

  private MguCell(Config c, LayerOptions options) {
    super(
        TYPE, c, options, c.inputSize(), c.hiddenSize(), 2, c.bias(), c.weightInit(), c.biasInit());
  }

  @Override
  public List<Tensor> step(Tensor input, List<Tensor> state) {
    Unroll unroll = unroll();
    return unroll.step(unroll.project(input), state);
  }

  @Override
  public Unroll unroll() {
    int hidden = hiddenSize();
    Tensor bias = summedBias();
    Tensor weightF = weightHh.slice(0, 0, hidden);
    Tensor weightH = weightHh.slice(0, hidden, 2 * hidden);
    return new Unroll() {
      @Override
      public Tensor project(Tensor inputs) {
        return inputProjection(inputs, bias);
      }

      @Override
      public List<Tensor> step(Tensor projected, List<Tensor> state) {
        Tensor h = state.get(0);
        List<Tensor> u = projected.reshape(h.dim(0), 2, hidden).unbind(1);
        Tensor f = u.get(0).add(h.matmul(weightF, false, true)).sigmoid();
        Tensor candidate = u.get(1).add(f.mul(h).matmul(weightH, false, true)).tanh();
        return List.of(GruTail.update(f, h, candidate));
      }
    };
  }

  @Override
  protected String describe() {
    return "MguCell(" + inputSize() + " -> " + hiddenSize() + (hasBias() ? "" : ", no bias") + ")";
  }
}
