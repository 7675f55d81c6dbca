package dev.stratum.recurrent;

import dev.stratum.layers.Default;
import dev.stratum.layers.LayerType;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recurrent model that can carry its state: an optional input layer (an {@code Embedding} of
 * token indices, say), a {@link Recurrent} layer and an optional head applied to its output (a
 * {@code Dense} layer applies to every step of {@code [batch, time, hidden]}; wrap other layers in
 * {@link TimeDistributed}). {@link #forward(Tensor, List, Tensor)} takes an initial state and
 * returns the final one, which is what {@link dev.stratum.recurrent.train.TruncatedBptt} carries
 * from chunk to chunk. Parameters are named {@code "input."}, {@code "rnn."} and {@code "head."}
 * plus the part's own names.
 */
public final class SequenceModel implements Layer {

  /**
   * The model's parts, as its JSON config holds them.
   *
   * @param input the layer before the recurrent one, or null
   * @param rnn the recurrent layer
   * @param head the layer after it, or null
   */
  public record Config(@Default Layer input, Layer rnn, @Default Layer head) {
    public Config {
      if (!(rnn instanceof Recurrent)) {
        throw new IllegalArgumentException(
            "sequence_model: the part 'rnn' must be a recurrent layer, got " + rnn);
      }
    }
  }

  /** The registry entry, {@code "sequence_model"}; the parts come from the registry. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "sequence_model",
          Config.class,
          (c, backend) -> new SequenceModel(c.input(), (Recurrent) c.rnn(), c.head()));

  private final Layer input;
  private final Recurrent recurrent;
  private final Layer head;
  private boolean training = true;

  /** The model {@code head(recurrent(input(x)))}; {@code input} and {@code head} may be null. */
  public SequenceModel(Layer input, Recurrent recurrent, Layer head) {
    this.input = input;
    this.recurrent = java.util.Objects.requireNonNull(recurrent, "recurrent");
    this.head = head;
  }

  /** The recurrent layer. */
  public Recurrent recurrent() {
    return recurrent;
  }

  @Override
  public Tensor forward(Tensor x) {
    return forward(x, null, (Tensor) null).output();
  }

  /**
   * The head's output and the recurrent layer's final state, from {@code state} ({@code null}:
   * zeros) and with {@code mask} ({@code [batch, time]}, or {@code null}); see {@link
   * Recurrent#forward(Tensor, List, Tensor)}.
   */
  public RecurrentOutput forward(Tensor x, List<Tensor> state, Tensor mask) {
    Tensor features = input == null ? x : input.forward(x);
    RecurrentOutput r = recurrent.forward(features, state, mask);
    Tensor out = head == null ? r.output() : head.forward(r.output());
    return new RecurrentOutput(out, r.finalState());
  }

  @Override
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    prefix(named, "input.", input == null ? Map.of() : input.parameters());
    prefix(named, "rnn.", recurrent.parameters());
    prefix(named, "head.", head == null ? Map.of() : head.parameters());
    return named;
  }

  @Override
  public Map<String, Tensor> buffers() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    prefix(named, "input.", input == null ? Map.of() : input.buffers());
    prefix(named, "head.", head == null ? Map.of() : head.buffers());
    return named;
  }

  private static void prefix(Map<String, Tensor> into, String prefix, Map<String, Tensor> from) {
    from.forEach((name, t) -> into.put(prefix + name, t));
  }

  @Override
  public void train(boolean training) {
    this.training = training;
    if (input != null) {
      input.train(training);
    }
    recurrent.train(training);
    if (head != null) {
      head.train(training);
    }
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    int[] s = input == null ? inputShape : input.outputShape(inputShape);
    s = recurrent.outputShape(s);
    return head == null ? s : head.outputShape(s);
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(input, recurrent, head));
  }

  @Override
  public void close() {
    if (input != null) {
      input.close();
    }
    recurrent.close();
    if (head != null) {
      head.close();
    }
  }

  @Override
  public String toString() {
    return "SequenceModel("
        + (input == null ? "" : input + ", ")
        + recurrent
        + (head == null ? "" : ", " + head)
        + ")";
  }
}
