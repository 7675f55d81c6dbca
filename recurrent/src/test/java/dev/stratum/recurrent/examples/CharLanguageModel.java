package dev.stratum.recurrent.examples;

import dev.stratum.backend.Backend;
import dev.stratum.data.Batch;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.RecurrentOutput;
import dev.stratum.recurrent.SequenceModel;
import dev.stratum.recurrent.train.TruncatedBptt;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A character-level language model, {@code Embedding -> LSTM -> Dense}, trained with stateful
 * truncated BPTT: the training text is cut into {@code streams} parallel streams, each batch holds
 * the next {@code segment} characters of every stream, and {@link TruncatedBptt} updates every
 * {@code chunk} steps, carrying the state from batch to batch (and resetting it each epoch).
 * Validation reads the held-out text in segments from the zero state; {@link #bitsPerCharacter}
 * turns the validation loss (nats) into bits. {@link #sample} generates text with a temperature.
 */
public final class CharLanguageModel implements AutoCloseable {

  private final String vocabulary;
  private final SequenceModel model;

  /** A model over the characters of {@code text}, of {@code hidden} units. */
  public CharLanguageModel(Backend backend, String text, int embedding, int hidden, long seed) {
    this.vocabulary =
        text.chars()
            .distinct()
            .sorted()
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    LayerOptions options = LayerOptions.defaults().on(backend).seed(seed);
    int v = vocabulary.length();
    this.model =
        new SequenceModel(
            new Embedding(v, embedding, options),
            Recurrent.lstm(embedding, hidden).build(options),
            new Dense(hidden, v, options));
  }

  /** The model. */
  public SequenceModel model() {
    return model;
  }

  /** The distinct characters, sorted; a character's index is its token. */
  public String vocabulary() {
    return vocabulary;
  }

  /**
   * Trains on {@code train}, validating on {@code validation} after each epoch; returns the history
   * ({@code "loss"}, {@code "val_loss"} in nats per character).
   */
  public History fit(
      String train,
      String validation,
      int streams,
      int segment,
      int chunk,
      int epochs,
      double learningRate) {
    Backend backend = model.recurrent().backend();
    try (Adam adam = new Adam(model.parameters(), learningRate)) {
      TruncatedBptt step = new TruncatedBptt(model, new SparseCrossEntropy(), adam, chunk, true);
      return Trainer.builder()
          .model(model)
          .optimizer(adam)
          .step(step)
          .trainingData(streams(backend, train, streams, segment))
          .validationData(streams(backend, validation, 1, segment))
          .epochs(epochs)
          .build()
          .fit();
    }
  }

  /** Bits per character of a loss in nats per character. */
  public static double bitsPerCharacter(double nats) {
    return nats / Math.log(2);
  }

  /**
   * {@code text} as {@code streams} parallel streams read {@code segment} characters at a time:
   * batch {@code i} holds characters {@code [i·segment, (i+1)·segment)} of every stream as inputs
   * and the characters one further on as targets. Fresh tensors on every iteration (the Trainer
   * closes each batch).
   */
  Iterable<Batch> streams(Backend backend, String text, int streams, int segment) {
    int length = (text.length() - 1) / streams;
    int batches = length / segment;
    if (batches < 1) {
      throw new IllegalArgumentException(
          "CharLanguageModel: "
              + text.length()
              + " characters make no batch of "
              + streams
              + " streams × "
              + segment);
    }
    return () ->
        new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return next < batches;
          }

          @Override
          public Batch next() {
            float[] x = new float[streams * segment];
            float[] y = new float[streams * segment];
            for (int s = 0; s < streams; s++) {
              for (int t = 0; t < segment; t++) {
                int at = s * length + next * segment + t;
                x[s * segment + t] = token(text.charAt(at));
                y[s * segment + t] = token(text.charAt(at + 1));
              }
            }
            next++;
            return new Batch(
                TensorScope.unscoped(Tensor.of(backend, x, streams, segment)),
                TensorScope.unscoped(Tensor.of(backend, y, streams, segment)));
          }
        };
  }

  private int token(char c) {
    int i = vocabulary.indexOf(c);
    if (i < 0) {
      throw new IllegalArgumentException("CharLanguageModel: '" + c + "' is not in the vocabulary");
    }
    return i;
  }

  /**
   * {@code length} characters after {@code prompt}, each drawn from {@code softmax(logits / T)}
   * ({@code temperature} T; near 0 is greedy, 1 the model's own distribution).
   */
  public String sample(String prompt, int length, double temperature, long seed) {
    Random random = new Random(seed);
    Backend backend = model.recurrent().backend();
    StringBuilder out = new StringBuilder();
    model.eval();
    try (NoGrad off = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      List<Tensor> state = null;
      float[] tokens = new float[prompt.length()];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = token(prompt.charAt(i));
      }
      Tensor input = Tensor.of(backend, tokens, 1, tokens.length);
      for (int i = 0; i < length; i++) {
        RecurrentOutput r = model.forward(input, state, null);
        state = new ArrayList<>(r.finalState());
        int steps = r.output().dim(1);
        float[] logits = r.output().slice(1, steps - 1, steps).toArray();
        int next = draw(logits, temperature, random);
        out.append(vocabulary.charAt(next));
        input = Tensor.of(backend, new float[] {next}, 1, 1);
      }
    } finally {
      model.train(true);
    }
    return out.toString();
  }

  private static int draw(float[] logits, double temperature, Random random) {
    double t = Math.max(temperature, 1e-6);
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l / t);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] / t - max);
      sum += p[i];
    }
    double u = random.nextDouble() * sum;
    for (int i = 0; i < p.length; i++) {
      u -= p[i];
      if (u <= 0) {
        return i;
      }
    }
    return p.length - 1;
  }

  @Override
  public void close() {
    model.close();
  }

  /**
   * The full run of recurrent/README.md: the first 180,000 characters of the text to train, the
   * last 20,000 to validate. Arguments: epochs (default 15), hidden units (default 256).
   */
  public static void main(String[] args) throws Exception {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    String text;
    try (var in = CharLanguageModel.class.getResourceAsStream("/text/sqlite-comments.txt")) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
    Backend backend = dev.stratum.backend.Backends.get();
    long start = System.nanoTime();
    try (CharLanguageModel lm = new CharLanguageModel(backend, text, 32, hidden, 1)) {
      History h =
          lm.fit(text.substring(0, 180_000), text.substring(180_000), 32, 128, 32, epochs, 2e-3);
      double[] val = h.metric("val_loss");
      System.out.printf(
          "validation bits per character after each epoch: %s%n",
          java.util.Arrays.toString(
              java.util.Arrays.stream(val).map(CharLanguageModel::bitsPerCharacter).toArray()));
      System.out.printf("%.0f s in all%n", (System.nanoTime() - start) / 1e9);
      for (double t : new double[] {0.5, 0.8, 1.0}) {
        System.out.printf("temperature %.1f: %s%n", t, lm.sample("The ", 300, t, 7));
      }
    }
  }
}
