package dev.stratum.recurrent;

import dev.stratum.layers.BaseLayer;
import dev.stratum.layers.Default;
import dev.stratum.layers.Dropout;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A recurrent layer: a {@link RecurrentCell} run over a sequence, stacked, in one or both
 * directions, with backpropagation through time by autograd.
 *
 * <pre>{@code
 * Recurrent lstm = Recurrent.lstm(32, 128).layers(2).bidirectional(true).build(options);
 * RecurrentOutput out = lstm.forward(x, null, lengths);   // x [batch, time, 32]
 * out.output();                                            // [batch, time, 256]
 * out.h();                                                 // [4, batch, 128]
 * }</pre>
 *
 * <ul>
 *   <li><b>Layout</b>: batch-first {@code [batch, time, features]} (the layer contract: the batch
 *       is the first axis), or sequence-first {@code [time, batch, features]} ({@link
 *       Builder#sequenceFirst}).
 *   <li><b>Parameters</b> are the cells', named as PyTorch's {@code nn.LSTM}/{@code GRU}/{@code
 *       RNN} name them: {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code
 *       bias_hh_l0}, then {@code _l1}, ..., the backward direction with the suffix {@code
 *       _reverse}; so a PyTorch {@code state_dict} loads by name.
 *   <li><b>Stacking</b>: layer {@code k > 0} reads the (merged) outputs of layer {@code k − 1},
 *       with dropout between layers in training ({@link Builder#dropout}, PyTorch's drop
 *       probability).
 *   <li><b>Bidirectional</b>: the backward direction reads the sequence from its end; its output
 *       for position {@code t} is stored at {@code t}; the two are concatenated (forward first, as
 *       PyTorch) or summed ({@link Merge}).
 *   <li><b>Output</b>: the whole sequence, or ({@link Builder#returnSequences}{@code (false)}) the
 *       last output: the final {@code h} of the top layer, both directions merged (for the backward
 *       direction that is its output at position 0, as in Keras).
 *   <li><b>State</b>: initial states given (each part {@code [layers·directions, batch, hidden]},
 *       ordered as {@link RecurrentOutput#finalState}) or zero; final states returned, to be
 *       detached and carried into the next batch for stateful use.
 *   <li><b>Variable lengths</b>: with lengths or a 0/1 mask {@code [batch, time]}, a masked step
 *       leaves the state unchanged and outputs zeros, in both directions, so padding changes
 *       neither the final state nor a loss that ignores padded outputs.
 * </ul>
 *
 * <p>Speed: each layer and direction computes the input part of every step ({@code x·W_ihᵀ + b}) as
 * one matrix product over {@code batch·time} rows before stepping ({@link RecurrentCell#unroll()}),
 * and the built-in LSTM and GRU run their element-wise tail as one fused kernel per step where the
 * backend offers one.
 */
public final class Recurrent extends BaseLayer {

  /** How the two directions' outputs are combined. */
  public enum Merge {
    /** {@code [forward, backward]} along the features: {@code 2·hidden} (PyTorch). */
    CONCAT,
    /** {@code forward + backward}: {@code hidden}. */
    SUM
  }

  /** Makes the cell of one layer and direction for {@code inputSize} features. */
  @FunctionalInterface
  public interface CellFactory {
    /** A new cell reading {@code inputSize} features. */
    RecurrentCell create(int inputSize, LayerOptions options);
  }

  /**
   * A recurrent layer's arguments, as its JSON config holds them.
   *
   * @param inputSize features of each input step
   * @param cell the cell of layer 0's forward direction; every other cell is made like it ({@link
   *     RecurrentCell#withInputSize}), so this one {@code {"type", "config"}} map describes them
   *     all
   * @param layers stacked layers
   * @param bidirectional whether a backward direction runs too
   * @param merge how the directions' outputs combine
   * @param dropProbability dropout between layers (PyTorch's argument)
   * @param returnSequences the whole sequence, or only the last output
   * @param sequenceFirst {@code [time, batch, features]} instead of batch-first
   */
  public record Config(
      int inputSize,
      Layer cell,
      @Default("1") int layers,
      @Default("false") boolean bidirectional,
      @Default("concat") Merge merge,
      @Default("0") double dropProbability,
      @Default("true") boolean returnSequences,
      @Default("false") boolean sequenceFirst) {
    public Config {
      if (!(cell instanceof RecurrentCell c)) {
        throw new IllegalArgumentException(
            "Recurrent: the cell must be a recurrent cell (rnn_cell, lstm_cell, gru_cell,"
                + " mgu_cell or one of yours), got "
                + cell);
      }
      if (c.inputSize() != inputSize) {
        throw new IllegalArgumentException(
            "Recurrent: the first cell reads " + c.inputSize() + " features, not " + inputSize);
      }
      if (layers < 1) {
        throw new IllegalArgumentException("Recurrent: layers must be at least 1, got " + layers);
      }
      if (!(dropProbability >= 0 && dropProbability < 1)) {
        throw new IllegalArgumentException(
            "Recurrent: the drop probability must be in [0, 1), got " + dropProbability);
      }
      Objects.requireNonNull(merge, "merge");
    }
  }

  /** The registry entry, {@code "recurrent"}: the other cells are made like the first. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "recurrent",
          Config.class,
          (c, backend) -> new Recurrent(c, LayerOptions.defaults().on(backend), null));

  private final int inputSize;
  private final int layers;
  private final boolean bidirectional;
  private final Merge merge;
  private final double dropProbability;
  private final boolean returnSequences;
  private final boolean sequenceFirst;
  private final List<RecurrentCell> cells = new ArrayList<>();
  private final Dropout dropout;

  /** {@code factory} makes the other cells; {@code null}: like the first one. */
  private Recurrent(Config c, LayerOptions options, CellFactory factory) {
    super(TYPE, c, options);
    this.inputSize = c.inputSize();
    this.layers = c.layers();
    this.bidirectional = c.bidirectional();
    this.merge = c.merge();
    this.dropProbability = c.dropProbability();
    this.returnSequences = c.returnSequences();
    this.sequenceFirst = c.sequenceFirst();
    this.dropout =
        dropProbability > 0 ? new Dropout(1 - dropProbability, options.resolveGenerator()) : null;
    RecurrentCell first = (RecurrentCell) c.cell();
    int hidden = first.hiddenSize();
    try {
      for (int layer = 0; layer < layers; layer++) {
        int in = layer == 0 ? inputSize : layerOutputSize(hidden);
        for (int direction = 0; direction < directions(); direction++) {
          RecurrentCell cell;
          if (layer == 0 && direction == 0) {
            cell = first;
          } else if (factory != null) {
            cell = factory.create(in, options);
          } else {
            cell = first.withInputSize(in, backend());
          }
          if (cell.inputSize() != in || cell.hiddenSize() != hidden) {
            cell.close();
            throw new IllegalArgumentException(
                "Recurrent: the cell factory made "
                    + cell
                    + " for layer "
                    + layer
                    + ", expected input "
                    + in
                    + " and hidden "
                    + hidden);
          }
          cells.add(cell);
          String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
          for (Map.Entry<String, Tensor> p : cell.parameters().entrySet()) {
            parameter(p.getKey() + suffix, p.getValue());
          }
        }
      }
    } catch (RuntimeException e) {
      cells.forEach(Layer::close);
      first.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- builders

  /** A standard LSTM layer (PyTorch's {@code nn.LSTM}). */
  public static Builder lstm(int inputSize, int hiddenSize) {
    return lstm(inputSize, hiddenSize, LstmCell.Variant.STANDARD);
  }

  /** An LSTM layer of the given variant. */
  public static Builder lstm(int inputSize, int hiddenSize, LstmCell.Variant variant) {
    return new Builder(
        inputSize, hiddenSize, (in, options) -> new LstmCell(in, hiddenSize, variant, options));
  }

  /** A GRU layer in PyTorch's form ({@code nn.GRU}). */
  public static Builder gru(int inputSize, int hiddenSize) {
    return gru(inputSize, hiddenSize, true);
  }

  /** A GRU layer with the reset gate after ({@code true}, PyTorch) or before the product. */
  public static Builder gru(int inputSize, int hiddenSize, boolean resetAfter) {
    return new Builder(
        inputSize, hiddenSize, (in, options) -> new GruCell(in, hiddenSize, resetAfter, options));
  }

  /** A simple tanh RNN layer ({@code nn.RNN}). */
  public static Builder rnn(int inputSize, int hiddenSize) {
    return rnn(inputSize, hiddenSize, SimpleRnnCell.Nonlinearity.TANH);
  }

  /** A simple RNN layer with the non-linearity φ. */
  public static Builder rnn(
      int inputSize, int hiddenSize, SimpleRnnCell.Nonlinearity nonlinearity) {
    return new Builder(
        inputSize,
        hiddenSize,
        (in, options) -> new SimpleRnnCell(in, hiddenSize, nonlinearity, options));
  }

  /** A minimal-gated-unit layer. */
  public static Builder mgu(int inputSize, int hiddenSize) {
    return new Builder(
        inputSize, hiddenSize, (in, options) -> new MguCell(in, hiddenSize, options));
  }

  /**
   * A layer of any cell, such as one of your own; {@code cells} makes one per layer and direction.
   */
  public static Builder of(int inputSize, int hiddenSize, CellFactory cells) {
    return new Builder(inputSize, hiddenSize, cells);
  }

  /** The topology of a recurrent layer. */
  public static final class Builder {
    private final int inputSize;
    private final int hiddenSize;
    private final CellFactory cells;
    private int layers = 1;
    private boolean bidirectional;
    private Merge merge = Merge.CONCAT;
    private double dropProbability;
    private boolean returnSequences = true;
    private boolean sequenceFirst;

    private Builder(int inputSize, int hiddenSize, CellFactory cells) {
      this.inputSize = inputSize;
      this.hiddenSize = hiddenSize;
      this.cells = Objects.requireNonNull(cells, "cells");
    }

    /** Stacked layers (default 1). */
    public Builder layers(int layers) {
      if (layers < 1) {
        throw new IllegalArgumentException("Recurrent: layers must be at least 1, got " + layers);
      }
      this.layers = layers;
      return this;
    }

    /** Both directions (default: forward only). */
    public Builder bidirectional(boolean bidirectional) {
      this.bidirectional = bidirectional;
      return this;
    }

    /** How a bidirectional layer combines its directions (default {@link Merge#CONCAT}). */
    public Builder merge(Merge merge) {
      this.merge = Objects.requireNonNull(merge, "merge");
      return this;
    }

    /**
     * Dropout on the outputs of every layer but the last, in training: each element is zeroed with
     * probability {@code q} (PyTorch's {@code dropout} argument; {@link Dropout} itself takes the
     * keep probability).
     */
    public Builder dropout(double q) {
      if (!(q >= 0 && q < 1)) {
        throw new IllegalArgumentException(
            "Recurrent: the drop probability must be in [0, 1), got " + q);
      }
      this.dropProbability = q;
      return this;
    }

    /** The whole sequence (default) or only the last output. */
    public Builder returnSequences(boolean returnSequences) {
      this.returnSequences = returnSequences;
      return this;
    }

    /** Input and output as {@code [time, batch, features]} (default: batch-first). */
    public Builder sequenceFirst(boolean sequenceFirst) {
      this.sequenceFirst = sequenceFirst;
      return this;
    }

    /** The layer, its parameters made as {@code options} say. */
    public Recurrent build(LayerOptions options) {
      RecurrentCell first = cells.create(inputSize, options);
      if (first.inputSize() != inputSize || first.hiddenSize() != hiddenSize) {
        first.close();
        throw new IllegalArgumentException(
            "Recurrent: the cell factory made "
                + first
                + " for layer 0, expected input "
                + inputSize
                + " and hidden "
                + hiddenSize);
      }
      Config config;
      try {
        config =
            new Config(
                inputSize,
                first,
                layers,
                bidirectional,
                merge,
                dropProbability,
                returnSequences,
                sequenceFirst);
      } catch (RuntimeException e) {
        first.close();
        throw e;
      }
      return new Recurrent(config, options, cells);
    }

    /** The layer with default options. */
    public Recurrent build() {
      return build(LayerOptions.defaults());
    }
  }

  // ---------------------------------------------------------------- properties

  /** Input features. */
  public int inputSize() {
    return inputSize;
  }

  /** Units per cell. */
  public int hiddenSize() {
    return cells.get(0).hiddenSize();
  }

  /** Stacked layers. */
  public int layers() {
    return layers;
  }

  /** 2 when bidirectional, else 1. */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Output features: {@code 2·hidden} for a concatenated bidirectional layer, else hidden. */
  public int outputSize() {
    return layerOutputSize(hiddenSize());
  }

  private int layerOutputSize(int hidden) {
    return bidirectional && merge == Merge.CONCAT ? 2 * hidden : hidden;
  }

  /** The cell of {@code layer} and {@code direction} (0 forward, 1 backward). */
  public RecurrentCell cell(int layer, int direction) {
    return cells.get(layer * directions() + direction);
  }

  /** Whether the output is the whole sequence. */
  public boolean returnsSequences() {
    return returnSequences;
  }

  /** Whether input and output are {@code [time, batch, features]}. */
  public boolean isSequenceFirst() {
    return sequenceFirst;
  }

  // ---------------------------------------------------------------- forward

  /** The output for {@code input} from the zero state, all steps real. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null, (Tensor) null).output();
  }

  /**
   * Runs the layer over sequences of different lengths, padded to the input's time axis.
   *
   * @param initialState one tensor per state part, {@code [layers·directions, batch, hidden]}, or
   *     {@code null} for zeros
   * @param lengths each sequence's length, from 1 to the time axis, or {@code null} for full
   * @throws IllegalArgumentException naming the layer and the values when they do not fit
   */
  public RecurrentOutput forward(Tensor input, List<Tensor> initialState, int[] lengths) {
    if (lengths == null) {
      return forward(input, initialState, (Tensor) null);
    }
    int[] shape = input.shape();
    outputShape(shape);
    int batch = shape[sequenceFirst ? 1 : 0];
    int time = shape[sequenceFirst ? 0 : 1];
    if (lengths.length != batch) {
      throw new IllegalArgumentException(
          describe()
              + ": "
              + lengths.length
              + " lengths for a batch of "
              + batch
              + " sequences (input "
              + Arrays.toString(shape)
              + ")");
    }
    float[] mask = new float[batch * time];
    for (int b = 0; b < batch; b++) {
      if (lengths[b] < 1 || lengths[b] > time) {
        throw new IllegalArgumentException(
            describe()
                + ": length "
                + lengths[b]
                + " of sequence "
                + b
                + " is outside [1, "
                + time
                + "] (input "
                + Arrays.toString(shape)
                + " has "
                + time
                + " time steps)");
      }
      Arrays.fill(mask, b * time, b * time + lengths[b], 1f);
    }
    try (Tensor m = Tensor.of(input.backend(), mask, batch, time)) {
      return forward(input, initialState, m);
    }
  }

  /**
   * Runs the layer; {@code mask} is {@code [batch, time]} of 1 (a real step) and 0 (padding), or
   * {@code null} for all real. A masked step keeps the state and outputs zeros.
   *
   * @throws IllegalArgumentException naming the layer and the shapes when they do not fit
   */
  public RecurrentOutput forward(Tensor input, List<Tensor> initialState, Tensor mask) {
    int[] shape = input.shape();
    outputShape(shape);
    int batch = shape[sequenceFirst ? 1 : 0];
    int time = shape[sequenceFirst ? 0 : 1];
    List<Tensor> stepMasks = mask == null ? null : stepMasks(mask, batch, time);
    List<List<Tensor>> initial = initialStates(initialState, batch);

    List<Tensor> steps = null;
    Tensor layerInput = input;
    boolean timeMajor = sequenceFirst;
    List<List<Tensor>> finals = new ArrayList<>();
    for (int layer = 0; layer < layers; layer++) {
      List<List<Tensor>> directionOutputs = new ArrayList<>();
      for (int direction = 0; direction < directions(); direction++) {
        int index = layer * directions() + direction;
        RecurrentCell cell = cells.get(index);
        RecurrentCell.Unroll unroll = cell.unroll();
        Tensor[] outputs = new Tensor[time];
        try {
          List<Tensor> projected = project(unroll, layerInput, timeMajor, batch, time);
          finals.add(
              run(cell, unroll, projected, initial.get(index), stepMasks, direction == 1, outputs));
        } finally {
          unroll.finish();
        }
        directionOutputs.add(Arrays.asList(outputs));
      }
      steps = mergeDirections(directionOutputs);
      if (layer < layers - 1) {
        if (dropout != null && isTraining()) {
          steps = steps.stream().map(dropout::forward).toList();
        }
        // the next layer projects all steps at once: stacked time-major, one copy
        layerInput = Tensor.stack(steps, 0);
        timeMajor = true;
      }
    }
    Tensor output;
    if (returnSequences) {
      output = Tensor.stack(steps, sequenceFirst ? 0 : 1);
    } else {
      List<Tensor> top = new ArrayList<>();
      for (int direction = 0; direction < directions(); direction++) {
        top.add(finals.get((layers - 1) * directions() + direction).get(0));
      }
      output = mergeDirections(List.of(top.subList(0, 1), top.subList(1, top.size()))).get(0);
    }
    List<Tensor> finalState = new ArrayList<>();
    for (int part = 0; part < cells.get(0).stateCount(); part++) {
      List<Tensor> parts = new ArrayList<>();
      for (List<Tensor> f : finals) {
        parts.add(f.get(part));
      }
      finalState.add(Tensor.stack(parts, 0));
    }
    return new RecurrentOutput(output, finalState);
  }

  /** The projected input of every step, as one matrix product over {@code batch·time} rows. */
  private static List<Tensor> project(
      RecurrentCell.Unroll unroll, Tensor input, boolean timeMajor, int batch, int time) {
    Tensor projected = unroll.project(input.reshape(batch * time, input.dim(2)));
    int width = projected.dim(1);
    // rows are (t, b) time-major and (b, t) batch-first
    return timeMajor
        ? projected.reshape(time, batch, width).unbind(0)
        : projected.reshape(batch, time, width).unbind(1);
  }

  /** One direction of one layer; writes each position's output and returns the final state. */
  private List<Tensor> run(
      RecurrentCell cell,
      RecurrentCell.Unroll unroll,
      List<Tensor> projected,
      List<Tensor> state,
      List<Tensor> masks,
      boolean reverse,
      Tensor[] outputs) {
    int time = projected.size();
    int batch = projected.get(0).dim(0);
    boolean recording = Autograd.isRecording();
    for (int k = 0; k < time; k++) {
      int t = reverse ? time - 1 - k : k;
      // without a graph, each step's temporaries are freed as soon as the step is done
      try (TensorScope scope = recording ? null : TensorScope.open()) {
        List<Tensor> next = unroll.step(projected.get(t), state);
        if (k == 0) {
          cell.checkState(next, batch);
        }
        Tensor out = next.get(0);
        if (masks != null) {
          Tensor m = masks.get(t);
          List<Tensor> kept = new ArrayList<>(next.size());
          for (int i = 0; i < next.size(); i++) {
            kept.add(Tensor.where(m, next.get(i), state.get(i)));
          }
          out = next.get(0).mul(m);
          next = kept;
        }
        if (scope != null) {
          next.forEach(scope::keep);
          scope.keep(out);
        }
        outputs[t] = out;
        state = next;
      }
    }
    return state;
  }

  private List<Tensor> mergeDirections(List<List<Tensor>> directions) {
    if (directions.size() == 1 || directions.get(1).isEmpty()) {
      return directions.get(0);
    }
    List<Tensor> forward = directions.get(0);
    List<Tensor> backward = directions.get(1);
    List<Tensor> merged = new ArrayList<>(forward.size());
    for (int t = 0; t < forward.size(); t++) {
      merged.add(
          merge == Merge.CONCAT
              ? Tensor.concat(List.of(forward.get(t), backward.get(t)), 1)
              : forward.get(t).add(backward.get(t)));
    }
    return merged;
  }

  private List<Tensor> stepMasks(Tensor mask, int batch, int time) {
    int[] s = mask.shape();
    if (s.length != 2 || s[0] != batch || s[1] != time) {
      throw new IllegalArgumentException(
          describe()
              + ": the mask has shape "
              + Arrays.toString(s)
              + ", expected [batch "
              + batch
              + ", time "
              + time
              + "]");
    }
    return mask.unbind(1).stream().map(m -> m.reshape(batch, 1)).toList();
  }

  private List<List<Tensor>> initialStates(List<Tensor> given, int batch) {
    int count = layers * directions();
    int parts = cells.get(0).stateCount();
    List<List<Tensor>> states = new ArrayList<>(count);
    if (given == null) {
      for (RecurrentCell cell : cells) {
        states.add(cell.zeroState(batch));
      }
      return states;
    }
    if (given.size() != parts) {
      throw new IllegalArgumentException(
          describe()
              + ": the initial state has "
              + given.size()
              + " tensors, expected "
              + parts
              + (parts == 2 ? " (h and c)" : " (h)"));
    }
    int hidden = hiddenSize();
    List<List<Tensor>> split = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int[] s = given.get(p).shape();
      if (s.length != 3 || s[0] != count || s[1] != batch || s[2] != hidden) {
        throw new IllegalArgumentException(
            describe()
                + ": initial state "
                + (p == 0 ? "h" : "c")
                + " has shape "
                + Arrays.toString(s)
                + ", expected ["
                + count
                + ", "
                + batch
                + ", "
                + hidden
                + "] (layers·directions, batch, hidden)"
                + (s.length == 3 && s[1] != batch
                    ? "; a state carried from a batch of "
                        + s[1]
                        + " into a batch of "
                        + batch
                        + " must be reset"
                    : ""));
      }
      split.add(given.get(p).unbind(0));
    }
    for (int i = 0; i < count; i++) {
      List<Tensor> state = new ArrayList<>(parts);
      for (int p = 0; p < parts; p++) {
        state.add(split.get(p).get(i));
      }
      states.add(state);
    }
    return states;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length != 3 || inputShape[2] != inputSize) {
      throw misfit(
          inputShape,
          "expected "
              + (sequenceFirst ? "[time, batch, " : "[batch, time, ")
              + inputSize
              + "] (rank 3)");
    }
    int batch = inputShape[sequenceFirst ? 1 : 0];
    int time = inputShape[sequenceFirst ? 0 : 1];
    if (time < 1 || batch < 1) {
      throw misfit(inputShape, "needs at least one sequence of at least one step");
    }
    if (!returnSequences) {
      return new int[] {batch, outputSize()};
    }
    return sequenceFirst
        ? new int[] {time, batch, outputSize()}
        : new int[] {batch, time, outputSize()};
  }

  @Override
  public void close() {
    cells.forEach(Layer::close);
    super.close();
  }

  @Override
  protected String describe() {
    StringBuilder s = new StringBuilder("Recurrent(").append(cells.get(0));
    if (layers > 1) {
      s.append(", ").append(layers).append(" layers");
    }
    if (bidirectional) {
      s.append(", bidirectional ").append(merge.name().toLowerCase(Locale.ROOT));
    }
    if (!returnSequences) {
      s.append(", last output");
    }
    if (sequenceFirst) {
      s.append(", sequence-first");
    }
    return s.append(')').toString();
  }
}
