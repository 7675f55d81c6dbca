package dev.stratum.recurrent;

import dev.stratum.backend.Backend;
import dev.stratum.layers.BaseLayer;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a recurrent network: the new state from an input {@code x_t} of {@code [batch,
 * inputSize]} and the previous state, each part of it {@code [batch, hiddenSize]}. Element 0 of a
 * state is the output {@code h_t}; an LSTM's state is {@code (h, c)}.
 *
 * <p>A cell is a layer on its own ({@link #forward} is one step from the zero state, {@link #step}
 * one step from a given state) and the unit that {@link Recurrent} runs over a sequence, stacks and
 * runs in both directions. Writing a new cell takes a few tensor ops: extend this class with a
 * {@code Config} record and a {@link LayerType} as every layer has, register the parameters with
 * {@link #parameter}, and implement {@link #step}; autograd differentiates it (to any order) and
 * {@code Recurrent} runs it like the built-in ones. The record must have the components {@code
 * inputSize} and {@code hiddenSize}: {@link #withInputSize} makes the cells of stacked layers from
 * the first one's configuration with {@code inputSize} replaced.
 *
 * <p>A cell may also split its step for speed ({@link #unroll()}): the part that depends on the
 * input alone is then computed for every time step at once, as one matrix product.
 */
public abstract class RecurrentCell extends BaseLayer {

  private final int inputSize;
  private final int hiddenSize;
  private final LayerFactory factory;

  /**
   * A cell of {@code type} with the arguments {@code config}, of {@code inputSize} inputs and
   * {@code hiddenSize} units (the record's components of those names).
   *
   * @throws IllegalArgumentException if a size is below 1
   */
  protected <C extends Record> RecurrentCell(
      LayerType<C> type, C config, LayerOptions options, int inputSize, int hiddenSize) {
    super(type, config, options);
    this.factory = type.factory();
    if (inputSize < 1 || hiddenSize < 1) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": sizes must be at least 1, got input "
              + inputSize
              + " and hidden "
              + hiddenSize);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
  }

  /**
   * A new cell of this type and configuration reading {@code inputSize} features, with fresh
   * parameters on {@code backend}: the cell of a stacked layer.
   */
  public RecurrentCell withInputSize(int inputSize, Backend backend) {
    Map<String, Object> config = new LinkedHashMap<>(config());
    config.put("inputSize", inputSize);
    Layer made = factory.create(backend, config, Map.of());
    if (!(made instanceof RecurrentCell cell)) {
      made.close();
      throw new IllegalStateException(typeName() + ": its factory made " + made + ", not a cell");
    }
    return cell;
  }

  /** Features of each input step. */
  public final int inputSize() {
    return inputSize;
  }

  /** Units, the width of every part of the state. */
  public final int hiddenSize() {
    return hiddenSize;
  }

  /** How many tensors the state has: 1 ({@code h}), or 2 for an LSTM ({@code h, c}). */
  public int stateCount() {
    return 1;
  }

  /**
   * One step: the new state from {@code input} ({@code [batch, inputSize]}) and {@code state}
   * ({@link #stateCount()} tensors of {@code [batch, hiddenSize]}), element 0 being the output.
   */
  public abstract List<Tensor> step(Tensor input, List<Tensor> state);

  /**
   * How a sequence runs through this cell: the input-only part of every step at once, then the
   * steps. The default projects nothing and calls {@link #step}; the built-in cells compute {@code
   * x·W_ihᵀ + b} for all steps as one matrix product and step from that.
   */
  public Unroll unroll() {
    return new Unroll() {
      @Override
      public Tensor project(Tensor inputs) {
        return inputs;
      }

      @Override
      public List<Tensor> step(Tensor projected, List<Tensor> state) {
        return RecurrentCell.this.step(projected, state);
      }
    };
  }

  /**
   * A cell prepared for one sequence: weights it derives once (sums of biases, slices) are shared
   * by all steps.
   */
  public interface Unroll {

    /** The input-only part of a step for many rows: {@code [rows, inputSize] -> [rows, ...]}. */
    Tensor project(Tensor inputs);

    /** One step from a row block of {@link #project}'s result and the previous state. */
    List<Tensor> step(Tensor projected, List<Tensor> state);

    /**
     * Called once after the last step of a sequence, also when a step failed: frees what the unroll
     * kept for its steps (a weight packed once for all of them). The default keeps nothing.
     */
    default void finish() {}
  }

  /** The zero state for {@code batch} rows. */
  public List<Tensor> zeroState(int batch) {
    List<Tensor> state = new ArrayList<>(stateCount());
    for (int i = 0; i < stateCount(); i++) {
      state.add(Tensor.zeros(backend(), batch, hiddenSize));
    }
    return state;
  }

  /** One step from the zero state: {@code [batch, inputSize] -> [batch, hiddenSize]}. */
  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    return step(input, zeroState(input.dim(0))).get(0);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length != 2 || inputShape[1] != inputSize) {
      throw misfit(inputShape, "expected [batch, " + inputSize + "]");
    }
    return new int[] {inputShape[0], hiddenSize};
  }

  /**
   * Checks a state for {@code batch} rows.
   *
   * @throws IllegalArgumentException naming this cell and the shapes when it does not fit
   */
  public void checkState(List<Tensor> state, int batch) {
    if (state.size() != stateCount()) {
      throw new IllegalArgumentException(
          describe()
              + ": the state has "
              + state.size()
              + " tensors, expected "
              + stateCount()
              + " ("
              + (stateCount() == 2 ? "h and c" : "h")
              + ")");
    }
    for (int i = 0; i < state.size(); i++) {
      int[] s = state.get(i).shape();
      if (s.length != 2 || s[0] != batch || s[1] != hiddenSize) {
        throw new IllegalArgumentException(
            describe()
                + ": state tensor "
                + i
                + " has shape "
                + Arrays.toString(s)
                + ", expected ["
                + batch
                + ", "
                + hiddenSize
                + "]");
      }
    }
  }
}
