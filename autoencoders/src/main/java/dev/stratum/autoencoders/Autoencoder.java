package dev.stratum.autoencoders;

import dev.stratum.layers.Default;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.TrainingStep;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An autoencoder: an encoder {@code f} and a decoder {@code g}, each any {@link Layer}, trained on
 * {@code x → x}:
 *
 * <pre>
 *   h = f(x),   x̂ = g(h),   minimise  L(x̂, x) + Ω(x, h)
 * </pre>
 *
 * with {@code L} the reconstruction loss (mean squared error unless given: the mean over the batch
 * and every element) and {@code Ω} the penalty of the kind, none for this class. The kinds that add
 * a penalty or a corruption are subclasses ({@link SparseAutoencoder}, {@link
 * DenoisingAutoencoder}, {@link ContractiveAutoencoder}); the kinds that are a matter of
 * architecture are this class with the right layers:
 *
 * <ul>
 *   <li><b>undercomplete</b>: a code {@code h} with fewer elements than {@code x}, so that the
 *       network cannot copy its input and must keep what matters most ({@link Autoencoders#dense});
 *   <li><b>deep</b>: several layers on each side;
 *   <li><b>tied weights</b>: decoder layers {@link TiedDense} that multiply by the transpose of an
 *       encoder weight, {@code x̂ = σ(h·W + c)} for an encoder {@code h = σ(x·Wᵀ + b)}: one
 *       parameter, whose gradient sums both uses ({@link Autoencoders#tied});
 *   <li><b>convolutional</b>: a Conv2d/pooling encoder and a ConvTranspose2d/upsampling decoder
 *       ({@link Autoencoders#convolutional}, workload 5 of {@code WORKLOADS.md}).
 * </ul>
 *
 * <p>An autoencoder is a {@link Layer}: {@link #forward} is {@link #reconstruct}, its parameters
 * are the encoder's under {@code "encoder."} and the decoder's under {@code "decoder."}, and it
 * saves, loads and rebuilds from {@code model.json} like any model ({@code Checkpoint.save}, {@code
 * Checkpoint.loadModel} with {@link Autoencoders#factories()} or the Guice {@code
 * AutoencodersModule}). Train it with the {@code Trainer} and {@link #step(Optimizer)}, on data
 * whose targets are the inputs ({@code dataset.inputsAsTargets()}):
 *
 * <pre>{@code
 * Autoencoder ae = Autoencoders.dense(options, 784, 256, 32); // 784 → 256 → 32 → 256 → 784
 * Adam adam = new Adam(ae.parameters(), 1e-3);
 * Trainer.builder().model(ae).optimizer(adam).step(ae.step(adam))
 *     .trainingData(DataLoader.builder(images.inputsAsTargets()).batchSize(128).build())
 *     .epochs(5).build().fit();
 * }</pre>
 *
 * <p>The step reports {@code "loss"}, the reconstruction error {@code L} alone (as a supervised
 * step reports its loss without its penalties), and each penalty of {@code Ω} as a part of its own;
 * validation reports the reconstruction error only, so {@code loss} and {@code val_loss} compare.
 *
 * <p>The constructor checks the architecture before anything runs: the encoder must accept the
 * input shape, the decoder the encoder's code, and the decoder's output must have the input's
 * shape; each mistake is an {@link IllegalArgumentException} naming the model and the shapes.
 *
 * <p>Each kind is written as the layers are: a config record that implements {@link Architecture}
 * and holds the kind's own arguments besides, and a {@link LayerType} constant from which {@link
 * #typeName()}, {@link #config()} and the registry's factory follow. A subclass (the variational
 * autoencoder among them) passes both to {@link #Autoencoder(LayerType, Record)} and overrides
 * {@link #penalties} to add terms to the objective, or {@link #objective} to change it altogether.
 */
public class Autoencoder implements Layer {

  /**
   * What every kind's config record holds: the shape of one sample, the two halves and the
   * reconstruction loss. A record implements it by having components of these names.
   */
  public interface Architecture {
    /**
     * The shape of one input sample, without the batch axis ({@code [784]}, {@code [1, 28, 28]}).
     */
    List<Integer> inputShape();

    /** The encoder {@code f}. */
    Layer encoder();

    /** The decoder {@code g}; its output must have the shape of the input. */
    Layer decoder();

    /** The reconstruction loss {@code L}: a built-in loss with a mean or sum reduction. */
    ReducingLoss loss();
  }

  /**
   * The plain kind's arguments, as its JSON config holds them: {@code {"inputShape": [...],
   * "encoder": {"type", "config"}, "decoder": {...}, "loss": {"type": "mse", ...}}}.
   *
   * @param inputShape the shape of one sample, without the batch axis
   * @param encoder the encoder
   * @param decoder the decoder
   * @param loss the reconstruction loss (null: the mean squared error)
   */
  public record Config(
      List<Integer> inputShape, Layer encoder, Layer decoder, @Default ReducingLoss loss)
      implements Architecture {
    public Config {
      inputShape = List.copyOf(inputShape);
      loss = Objects.requireNonNullElseGet(loss, MeanSquaredError::new);
    }
  }

  /** The registry entry of the plain kind (undercomplete, deep, tied, convolutional). */
  public static final LayerType<Config> TYPE =
      LayerType.of("autoencoder", Config.class, (c, backend) -> new Autoencoder(c), Specs.LOSS);

  private final String typeName;
  private final Supplier<Map<String, Object>> config;
  private final int[] inputShape;
  private final int[] codeShape;
  private final Layer encoder;
  private final Layer decoder;
  private final ReducingLoss loss;
  private boolean training = true;

  /** An autoencoder of samples shaped {@code inputShape}, with the mean squared error. */
  public Autoencoder(int[] inputShape, Layer encoder, Layer decoder) {
    this(inputShape, encoder, decoder, new MeanSquaredError());
  }

  /** An autoencoder with the reconstruction loss {@code loss} (a mean or sum reduction). */
  public Autoencoder(int[] inputShape, Layer encoder, Layer decoder, ReducingLoss loss) {
    this(new Config(Specs.list(inputShape), encoder, decoder, loss));
  }

  /** The plain kind from its config record. */
  public Autoencoder(Config config) {
    this(TYPE, config);
  }

  /**
   * For subclasses: an autoencoder of the kind {@code type}, whose arguments are {@code config}.
   *
   * @throws IllegalArgumentException if the shapes do not chain, a tied layer cannot be tied, or a
   *     tensor is a parameter of both halves; the message names the kind and the shapes
   */
  protected <C extends Record & Architecture> Autoencoder(LayerType<C> type, C config) {
    this.typeName = type.name();
    this.config = () -> type.config(config);
    this.encoder = Objects.requireNonNull(config.encoder(), "encoder");
    this.decoder = Objects.requireNonNull(config.decoder(), "decoder");
    this.loss = Objects.requireNonNull(config.loss(), "loss");
    this.inputShape = checkInputShape(typeName, Specs.array(config.inputShape()));
    TiedDense.bindAll(kindName(typeName), decoder, encoder);
    this.codeShape = checkShapes();
    checkNoSharedParameters();
  }

  // ------------------------------------------------------------------ the model

  /** The code {@code h = f(x)} of a batch {@code x} of shape {@code [N, ...inputShape]}. */
  public Tensor encode(Tensor input) {
    checkInput(input);
    return encoder.forward(input);
  }

  /** The reconstruction {@code g(h)} of a batch of codes {@code [N, ...codeShape]}. */
  public Tensor decode(Tensor code) {
    return decoder.forward(code);
  }

  /** {@code g(f(x))}. */
  public Tensor reconstruct(Tensor input) {
    return decode(encode(input));
  }

  /** {@link #reconstruct}. */
  @Override
  public Tensor forward(Tensor input) {
    return reconstruct(input);
  }

  /**
   * The objective for a batch of {@code input} (corrupted, for a denoising autoencoder) and its
   * clean {@code target}: {@code L(g(f(x)), target)} and the penalties of {@link #penalties}. The
   * step minimises {@link Objective#total()}.
   */
  public Objective objective(Tensor input, Tensor target) {
    Tensor code = encode(input);
    Tensor output = decode(code);
    Tensor reconstruction = reconstructionLoss(output, target);
    return new Objective(reconstruction, penalties(input, code), output, code);
  }

  /**
   * The kind's penalty terms {@code Ω(x, h)} for a batch {@code input} and its code, each one
   * differentiable number, in the order reported; none here. Subclasses override it.
   */
  protected Map<String, Tensor> penalties(Tensor input, Tensor code) {
    return Map.of();
  }

  /**
   * The reconstruction loss {@code L(output, target)}, one number. Shapes that differ throw an
   * {@link IllegalArgumentException} naming this model before the loss's own message; so do values
   * outside the loss's domain (targets outside [0, 1] for binary cross-entropy), or, with value
   * checks deferred ({@link dev.stratum.nn.ValueChecks}, as the Trainer runs an {@link
   * AutoencoderStep}), they make the loss NaN and {@link #checkReconstructionInputs} names them.
   */
  public Tensor reconstructionLoss(Tensor output, Tensor target) {
    try {
      return loss.compute(output, target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the values of {@code output} and {@code target} against the reconstruction loss on the
   * host ({@link dev.stratum.nn.Loss#checkValues}) and throws an {@link IllegalArgumentException}
   * naming this model before the loss's own message; {@link AutoencoderStep} calls it when the
   * Trainer reads a NaN loss.
   */
  public void checkReconstructionInputs(Tensor output, Tensor target) {
    try {
      loss.checkValues(output, target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
    }
  }

  /**
   * Each sample's mean squared reconstruction error, {@code (1/D) Σ_i (g(f(x))_i − x_i)²} over the
   * {@code D} elements of a sample: a tensor {@code [N]}, the anomaly score the module README's
   * anomaly detection ranks with {@link dev.stratum.autoencoders.eval.RocAuc}.
   */
  public Tensor reconstructionErrors(Tensor input) {
    Tensor output = reconstruct(input);
    Tensor squared = output.sub(input).square();
    return squared.reshape(squared.dim(0), -1).mean(false, 1);
  }

  /** The training step of this autoencoder under {@code optimizer}, for {@code Trainer.step}. */
  public TrainingStep step(Optimizer optimizer) {
    return new AutoencoderStep(this, optimizer);
  }

  // ------------------------------------------------------------------ parts

  /** The encoder {@code f}. */
  public Layer encoder() {
    return encoder;
  }

  /** The decoder {@code g}. */
  public Layer decoder() {
    return decoder;
  }

  /** The reconstruction loss {@code L}. */
  public ReducingLoss loss() {
    return loss;
  }

  /** The shape of one input sample (no batch axis). */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The shape of one sample's code, as the decoder takes it (no batch axis). */
  public int[] codeShape() {
    return codeShape.clone();
  }

  /** The number of elements of one sample's code. */
  public int codeSize() {
    int n = 1;
    for (int d : codeShape) {
      n *= d;
    }
    return n;
  }

  // ------------------------------------------------------------------ Layer

  @Override
  public Map<String, Tensor> parameters() {
    return prefixed(encoder.parameters(), decoder.parameters());
  }

  @Override
  public Map<String, Tensor> buffers() {
    return prefixed(encoder.buffers(), decoder.buffers());
  }

  @Override
  public void train(boolean training) {
    this.training = training;
    encoder.train(training);
    decoder.train(training);
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public int[] outputShape(int... shape) {
    if (shape.length != inputShape.length + 1
        || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShape)) {
      throw new IllegalArgumentException(
          this
              + ": input "
              + Arrays.toString(shape)
              + " does not fit: expected [batch, "
              + joined(inputShape)
              + "]");
    }
    return shape.clone();
  }

  @Override
  public final String typeName() {
    return typeName;
  }

  /** The kind's config record as {@link LayerType#config} writes it. */
  @Override
  public final Map<String, Object> config() {
    return config.get();
  }

  /** Frees the encoder's and the decoder's parameters and buffers. */
  @Override
  public void close() {
    encoder.close();
    decoder.close();
  }

  /** {@code Autoencoder([784] -> [32])}: the kind and the shapes. */
  @Override
  public String toString() {
    return kindName(typeName)
        + "("
        + Arrays.toString(inputShape)
        + " -> "
        + Arrays.toString(codeShape)
        + ")";
  }

  // ------------------------------------------------------------------ checks

  /** {@code "sparse_autoencoder"} → {@code "SparseAutoencoder"}, for messages. */
  static String kindName(String typeName) {
    StringBuilder sb = new StringBuilder();
    for (String word : typeName.split("_")) {
      if (!word.isEmpty()) {
        sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return sb.toString();
  }

  private static int[] checkInputShape(String typeName, int[] inputShape) {
    Objects.requireNonNull(inputShape, "inputShape");
    if (inputShape.length == 0) {
      throw new IllegalArgumentException(
          kindName(typeName)
              + ": the input shape of one sample must have at least one axis, got []");
    }
    for (int d : inputShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            kindName(typeName)
                + ": the input shape "
                + Arrays.toString(inputShape)
                + " has an axis below 1");
      }
    }
    return inputShape.clone();
  }

  /** The code's sample shape; the decoder must turn it back into the input's shape. */
  private int[] checkShapes() {
    String name = kindName(typeName);
    int[] batchInput = withBatch(inputShape);
    int[] code;
    try {
      code = encoder.outputShape(batchInput);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + ": the encoder does not accept inputs of shape "
              + Arrays.toString(inputShape)
              + ": "
              + e.getMessage(),
          e);
    }
    code = decoderInput(code);
    int[] codeSample = Arrays.copyOfRange(code, 1, code.length);
    int[] output;
    try {
      output = decoder.outputShape(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + ": the decoder does not accept the encoder's code of shape "
              + Arrays.toString(codeSample)
              + " (latent size "
              + sizeOf(codeSample)
              + "): "
              + e.getMessage(),
          e);
    }
    if (!Arrays.equals(output, batchInput)) {
      throw new IllegalArgumentException(
          name
              + ": the decoder's output shape "
              + Arrays.toString(Arrays.copyOfRange(output, 1, output.length))
              + " differs from the encoder's input shape "
              + Arrays.toString(inputShape)
              + "; the decoder must reconstruct the input");
    }
    return codeSample;
  }

  /**
   * The shape the decoder takes for an encoder output of shape {@code encoderOutput} (batch axis
   * included): the same shape here. A kind whose encoder gives more than the code overrides it (a
   * variational encoder's {@code [N, 2k]} of μ and log σ² feeds a decoder of {@code [N, k]}); the
   * constructor calls it to check the shapes, before a subclass's fields are set, so it may use
   * only its argument. {@link #codeShape()} is its result without the batch axis.
   */
  protected int[] decoderInput(int[] encoderOutput) {
    return encoderOutput;
  }

  /** A tensor that is a parameter of both halves would be updated twice per step. */
  private void checkNoSharedParameters() {
    Map<Tensor, String> seen = new IdentityHashMap<>();
    for (Map.Entry<String, Tensor> e : parameters().entrySet()) {
      String previous = seen.put(e.getValue(), e.getKey());
      if (previous != null) {
        throw new IllegalArgumentException(
            kindName(typeName)
                + ": the tensor '"
                + e.getKey()
                + "' is also '"
                + previous
                + "'; an optimizer would update it twice per step. Share an encoder weight with"
                + " the decoder through a TiedDense layer instead");
      }
    }
  }

  private void checkInput(Tensor input) {
    int[] shape = input.shape();
    if (shape.length != inputShape.length + 1
        || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShape)) {
      throw new IllegalArgumentException(
          this
              + ": input of shape "
              + Arrays.toString(shape)
              + " does not fit: expected [batch, "
              + joined(inputShape)
              + "]");
    }
  }

  private static Map<String, Tensor> prefixed(Map<String, Tensor> enc, Map<String, Tensor> dec) {
    Map<String, Tensor> all = new LinkedHashMap<>();
    enc.forEach((name, t) -> all.put("encoder." + name, t));
    dec.forEach((name, t) -> all.put("decoder." + name, t));
    return Collections.unmodifiableMap(all);
  }

  static int[] withBatch(int[] sample) {
    int[] shape = new int[sample.length + 1];
    shape[0] = 1;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return shape;
  }

  static int sizeOf(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static String joined(int[] shape) {
    String s = Arrays.toString(shape);
    return s.substring(1, s.length() - 1);
  }
}
