package dev.stratum.autoencoders;

import dev.stratum.backend.Backend;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.History;
import dev.stratum.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Stacked denoising autoencoders (Vincent et al., 2010): greedy layer-wise pretraining, then one
 * deep network fine-tuned end to end.
 *
 * <p>For sizes {@code d_0 → d_1 → … → d_L}, level {@code l} is a {@link DenoisingAutoencoder}
 * {@code h_{l+1} = a(W_l·x̃_l + b_l)}, {@code x̂_l = a_l'(V_l·h_{l+1} + c_l)}, trained with the
 * {@code Trainer} to reconstruct the clean {@code x_l} from its corruption {@code x̃_l} (the noise
 * of level {@code l}), where {@code x_0} is the data and {@code x_{l+1}} is the clean code of level
 * {@code l}'s trained encoder on {@code x_l}, computed once, on the host, so that the next level's
 * noise is keyed by sample like the first's. The encoders are then stacked:
 *
 * <ul>
 *   <li>{@link Pretrained#autoencoder()}: the deep autoencoder {@code x → h_1 → … → h_L → … → x̂}
 *       whose decoder is the levels' decoders in reverse order;
 *   <li>{@link Pretrained#classifier(int, LayerOptions)}: the encoders followed by a new {@code
 *       Dense(d_L → classes)} producing logits.
 * </ul>
 *
 * Either is then fine-tuned end to end with the {@code Trainer} like any model. Activations: {@code
 * a} after every encoder layer; {@code a_0'} (the data's, a sigmoid for pixels in [0, 1]) after the
 * first level's decoder, {@code a} after the others' (they reconstruct codes made by {@code a}).
 *
 * <pre>{@code
 * StackedDenoising.Pretrained stack = StackedDenoising.builder(784, 256, 64)
 *     .noise(level -> Noise.masking(0.25, 100 + level))
 *     .epochs(5).batchSize(64).options(options)
 *     .build()
 *     .pretrain(images);
 * Sequential classifier = stack.classifier(10, options);  // then fine-tune with labels
 * }</pre>
 */
public final class StackedDenoising {

  private final int[] sizes;
  private final Activation activation;
  private final Activation dataActivation;
  private final IntFunction<Noise> noise;
  private final int epochs;
  private final int batchSize;
  private final long shuffleSeed;
  private final LayerOptions options;
  private final Function<Map<String, Tensor>, Optimizer> optimizer;

  private StackedDenoising(Builder b) {
    this.sizes = b.sizes;
    this.activation = b.activation;
    this.dataActivation = b.dataActivation;
    this.noise = b.noise;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.shuffleSeed = b.shuffleSeed;
    this.options = b.options;
    this.optimizer = b.optimizer;
  }

  /** A stack of the sizes {@code d_0, d_1, …, d_L} ({@code L >= 1}). */
  public static Builder builder(int... sizes) {
    return new Builder(sizes);
  }

  /**
   * Pretrains every level in turn on the inputs of {@code data} (its targets are ignored), whose
   * samples must have {@code d_0} elements.
   */
  public Pretrained pretrain(Dataset data) {
    if (data.inputSize() != sizes[0]) {
      throw new IllegalArgumentException(
          "StackedDenoising: the data's samples have "
              + data.inputSize()
              + " elements ("
              + Arrays.toString(data.inputShape())
              + "), the first size is "
              + sizes[0]);
    }
    Backend backend = options.resolveBackend();
    Dataset level = data.withInputShape(sizes[0]);
    List<Sequential> encoders = new ArrayList<>();
    List<Sequential> decoders = new ArrayList<>();
    List<History> histories = new ArrayList<>();
    try {
      for (int l = 0; l + 1 < sizes.length; l++) {
        Sequential encoder = new Sequential(new Dense(sizes[l], sizes[l + 1], options), activation);
        Sequential decoder =
            new Sequential(
                new Dense(sizes[l + 1], sizes[l], options), l == 0 ? dataActivation : activation);
        encoders.add(encoder);
        decoders.add(decoder);
        DenoisingAutoencoder dae =
            new DenoisingAutoencoder(
                new int[] {sizes[l]}, encoder, decoder, new MeanSquaredError(), noise.apply(l));
        try (Optimizer opt = optimizer.apply(dae.parameters());
            DataLoader loader =
                dae.loader(level)
                    .batchSize(batchSize)
                    .shuffle(shuffleSeed + l)
                    .backend(backend)
                    .build()) {
          histories.add(
              Trainer.builder()
                  .model(dae)
                  .optimizer(opt)
                  .step(dae.step(opt))
                  .trainingData(loader)
                  .epochs(epochs)
                  .progress(false)
                  .build()
                  .fit());
        }
        if (l + 2 < sizes.length) {
          level = codes(encoder, level, backend);
        }
      }
    } catch (RuntimeException | Error e) {
      encoders.forEach(Layer::close);
      decoders.forEach(Layer::close);
      throw e;
    }
    return new Pretrained(sizes.clone(), encoders, decoders, histories);
  }

  /** The clean codes of {@code encoder} on every input of {@code data}, as a host data set. */
  private ArrayDataset codes(Layer encoder, Dataset data, Backend backend) {
    int n = data.size();
    int in = data.inputSize();
    int out = encoder.outputShape(1, in)[1];
    float[] codes = new float[Math.multiplyExact(n, out)];
    float[] chunk = new float[Math.multiplyExact(batchSize, in)];
    encoder.train(false);
    try (NoGrad ignored = Autograd.noGrad()) {
      for (int start = 0; start < n; start += batchSize) {
        int rows = Math.min(batchSize, n - start);
        for (int i = 0; i < rows; i++) {
          data.copyInput(start + i, chunk, i * in);
        }
        try (TensorScope scope = TensorScope.open()) {
          Tensor x = Tensor.of(backend, Arrays.copyOf(chunk, rows * in), rows, in);
          float[] h = encoder.forward(x).toArray();
          System.arraycopy(h, 0, codes, start * out, h.length);
        }
      }
    } finally {
      encoder.train(true);
    }
    return ArrayDataset.of(codes, new int[] {out}, new float[n], new int[] {});
  }

  /**
   * The pretrained levels: their encoders and decoders (which the models made from them share, not
   * copy) and each level's training history. Build one model from them and close that model; or
   * {@link #close()} this to free the layers unused.
   */
  public static final class Pretrained implements AutoCloseable {
    private final int[] sizes;
    private final List<Sequential> encoders;
    private final List<Sequential> decoders;
    private final List<History> histories;

    Pretrained(
        int[] sizes,
        List<Sequential> encoders,
        List<Sequential> decoders,
        List<History> histories) {
      this.sizes = sizes;
      this.encoders = List.copyOf(encoders);
      this.decoders = List.copyOf(decoders);
      this.histories = List.copyOf(histories);
    }

    /** Level {@code l}'s encoder {@code Dense(d_l → d_{l+1}) → a}. */
    public List<Sequential> encoders() {
      return encoders;
    }

    /** Level {@code l}'s decoder {@code Dense(d_{l+1} → d_l) → a_l'}. */
    public List<Sequential> decoders() {
      return decoders;
    }

    /** Each level's pretraining history, level 0 first. */
    public List<History> histories() {
      return histories;
    }

    /** The deep autoencoder: the encoders in order, then the decoders in reverse order. */
    public Autoencoder autoencoder() {
      List<Layer> encoder = new ArrayList<>();
      encoders.forEach(e -> encoder.addAll(e.layers()));
      List<Layer> decoder = new ArrayList<>();
      for (int l = decoders.size() - 1; l >= 0; l--) {
        decoder.addAll(decoders.get(l).layers());
      }
      return new Autoencoder(
          new int[] {sizes[0]}, new Sequential(encoder), new Sequential(decoder));
    }

    /** The encoders in order, then a new {@code Dense(d_L → classes)} giving logits. */
    public Sequential classifier(int classes, LayerOptions options) {
      List<Layer> layers = new ArrayList<>();
      encoders.forEach(e -> layers.addAll(e.layers()));
      layers.add(new Dense(sizes[sizes.length - 1], classes, options));
      return new Sequential(layers);
    }

    /** Frees every level's layers. */
    @Override
    public void close() {
      encoders.forEach(Layer::close);
      decoders.forEach(Layer::close);
    }
  }

  /** Configures a {@link StackedDenoising}. */
  public static final class Builder {
    private final int[] sizes;
    private Activation activation = new Activation.Sigmoid();
    private Activation dataActivation = new Activation.Sigmoid();
    private IntFunction<Noise> noise = level -> Noise.masking(0.25, 1000 + level);
    private int epochs = 5;
    private int batchSize = 64;
    private long shuffleSeed = 1;
    private LayerOptions options = LayerOptions.defaults();
    private Function<Map<String, Tensor>, Optimizer> optimizer = p -> new Adam(p, 1e-3);

    private Builder(int[] sizes) {
      if (sizes.length < 2) {
        throw new IllegalArgumentException(
            "StackedDenoising: give at least two sizes (input and first code), got "
                + Arrays.toString(sizes));
      }
      for (int s : sizes) {
        if (s < 1) {
          throw new IllegalArgumentException(
              "StackedDenoising: sizes must be at least 1, got " + Arrays.toString(sizes));
        }
      }
      this.sizes = sizes.clone();
    }

    /** The activation {@code a} of every encoder layer (default sigmoid). */
    public Builder activation(Activation activation) {
      this.activation = Objects.requireNonNull(activation, "activation");
      return this;
    }

    /** The activation of the first level's reconstruction (default sigmoid, for [0, 1] data). */
    public Builder dataActivation(Activation activation) {
      this.dataActivation = Objects.requireNonNull(activation, "activation");
      return this;
    }

    /** The corruption of each level (default masking of 25%, seed {@code 1000 + level}). */
    public Builder noise(IntFunction<Noise> noise) {
      this.noise = Objects.requireNonNull(noise, "noise");
      return this;
    }

    /** Pretraining epochs per level (default 5). */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("StackedDenoising: epochs must be >= 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Batch size of the pretraining (default 64). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "StackedDenoising: the batch size must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The shuffle seed of level 0; level {@code l} uses {@code seed + l} (default 1). */
    public Builder shuffle(long seed) {
      this.shuffleSeed = seed;
      return this;
    }

    /** Backend and generator of the layers (default: the default backend and generator). */
    public Builder options(LayerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The optimizer of each level, given its parameters (default Adam, lr 1e-3). */
    public Builder optimizer(Function<Map<String, Tensor>, Optimizer> optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
      return this;
    }

    public StackedDenoising build() {
      return new StackedDenoising(this);
    }
  }
}
