package dev.stratum.recurrent.examples;

import dev.stratum.backend.Backend;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.Adam;
import dev.stratum.recurrent.Recurrent;
import dev.stratum.recurrent.RecurrentOutput;
import dev.stratum.recurrent.SequenceModel;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A sequence-to-sequence toy task: reverse a string of digits. An LSTM encoder reads the digits;
 * its final state starts an LSTM decoder, which is trained with teacher forcing (it reads {@code
 * GO} and the true reversed digits so far) and decodes greedily at test time, one digit per step
 * from its carried state. {@link #accuracy} counts exactly right sequences.
 */
public final class ReverseDigits implements AutoCloseable {

  static final int GO = 10;

  private final Backend backend;
  private final int length;
  private final SequenceModel encoder;
  private final SequenceModel decoder;

  /** A model for strings of {@code length} digits with {@code hidden} units. */
  public ReverseDigits(Backend backend, int length, int hidden, long seed) {
    this.backend = backend;
    this.length = length;
    LayerOptions o = LayerOptions.defaults().on(backend).seed(seed);
    this.encoder =
        new SequenceModel(new Embedding(10, 16, o), Recurrent.lstm(16, hidden).build(o), null);
    this.decoder =
        new SequenceModel(
            new Embedding(11, 16, o),
            Recurrent.lstm(16, hidden).build(o),
            new Dense(hidden, 10, o));
  }

  /** Every parameter of both halves. */
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> all = new LinkedHashMap<>();
    encoder.parameters().forEach((n, p) -> all.put("encoder." + n, p));
    decoder.parameters().forEach((n, p) -> all.put("decoder." + n, p));
    return all;
  }

  /** {@code count} random digit strings, {@code [count, length]}. */
  public float[] digits(int count, Random random) {
    float[] x = new float[count * length];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(10);
    }
    return x;
  }

  private float[] reversed(float[] x, int count) {
    float[] y = new float[x.length];
    for (int s = 0; s < count; s++) {
      for (int t = 0; t < length; t++) {
        y[s * length + t] = x[s * length + length - 1 - t];
      }
    }
    return y;
  }

  /** Trains for {@code steps} batches of fresh strings; returns the last loss. */
  public double train(int steps, int batch, double learningRate, long seed) {
    Random random = new Random(seed);
    SparseCrossEntropy loss = new SparseCrossEntropy();
    double last = Double.NaN;
    try (Adam adam = new Adam(parameters(), learningRate)) {
      for (int step = 0; step < steps; step++) {
        try (TensorScope scope = TensorScope.open()) {
          float[] x = digits(batch, random);
          float[] y = reversed(x, batch);
          float[] decoderIn = new float[y.length];
          for (int s = 0; s < batch; s++) {
            decoderIn[s * length] = GO;
            System.arraycopy(y, s * length, decoderIn, s * length + 1, length - 1);
          }
          List<Tensor> state =
              encoder.forward(Tensor.of(backend, x, batch, length), null, null).finalState();
          Tensor logits =
              decoder.forward(Tensor.of(backend, decoderIn, batch, length), state, null).output();
          Tensor value =
              loss.compute(logits.reshape(-1, 10), Tensor.of(backend, y, batch * length));
          adam.zeroGrad();
          value.backward();
          adam.step();
          last = value.item();
        }
      }
    }
    return last;
  }

  /** The share of {@code count} fresh strings reversed exactly by greedy decoding. */
  public double accuracy(int count, long seed) {
    float[] x = digits(count, new Random(seed));
    float[] y = reversed(x, count);
    int right = 0;
    try (NoGrad off = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      List<Tensor> state =
          encoder.forward(Tensor.of(backend, x, count, length), null, null).finalState();
      float[] input = new float[count];
      java.util.Arrays.fill(input, GO);
      int[][] decoded = new int[count][length];
      for (int t = 0; t < length; t++) {
        RecurrentOutput r = decoder.forward(Tensor.of(backend, input, count, 1), state, null);
        state = new ArrayList<>(r.finalState());
        float[] logits = r.output().toArray();
        for (int s = 0; s < count; s++) {
          int best = 0;
          for (int d = 1; d < 10; d++) {
            if (logits[s * 10 + d] > logits[s * 10 + best]) {
              best = d;
            }
          }
          decoded[s][t] = best;
          input[s] = best;
        }
      }
      for (int s = 0; s < count; s++) {
        boolean ok = true;
        for (int t = 0; t < length && ok; t++) {
          ok = decoded[s][t] == (int) y[s * length + t];
        }
        right += ok ? 1 : 0;
      }
    }
    return (double) right / count;
  }

  @Override
  public void close() {
    encoder.close();
    decoder.close();
  }

  /**
   * The full run of recurrent/README.md. Arguments: digits (default 8), hidden units (default 128),
   * training steps of 64 strings (default 4000).
   */
  public static void main(String[] args) {
    int length = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
    long start = System.nanoTime();
    try (ReverseDigits model =
        new ReverseDigits(dev.stratum.backend.Backends.get(), length, hidden, 2)) {
      for (int done = 0; done < steps; done += 500) {
        double loss = model.train(500, 64, 5e-3, done);
        System.out.printf(
            "%d steps: loss %.4f, exact-sequence accuracy %.4f on 2000 held-out strings%n",
            done + 500, loss, model.accuracy(2000, 99));
      }
      System.out.printf("%.0f s in all%n", (System.nanoTime() - start) / 1e9);
    }
  }
}
