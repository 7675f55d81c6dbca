package dev.stratum.autoencoders.vae;

import dev.stratum.autoencoders.ModelShapes;
import dev.stratum.backend.Backend;
import dev.stratum.layers.Default;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A variational autoencoder (Kingma and Welling, 2014) with a β-weighted KL term (Higgins et al.,
 * 2017). For an input {@code x} with {@code D} elements and a latent size {@code k}:
 *
 * <pre>
 *   encoder:   [μ, log σ²] = f(x)                 (the encoder's output [N, 2k]: μ first, then log σ²)
 *   code:      z = μ + σ ⊙ ε,   σ = exp(½·log σ²),   ε ~ N(0, I) from a Philox generator
 *   decoder:   p(x|z) from g(z)                    (logits or means, see {@link Likelihood})
 *   loss:      (1/N) Σ_n [ −log p(x_n|z_n) + β·KL(N(μ_n, σ_n²) ‖ N(0, I)) ]
 *   KL:        ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1)
 * </pre>
 *
 * <p>The draw {@code z = μ + σ·ε} is the reparameterisation: with {@code ε} held fixed the loss is
 * a deterministic function of the weights, and its gradient flows through {@code μ} and {@code log
 * σ²}. The ε of training comes from a {@link Generator} seeded with the config's {@code seed}, the
 * ε of validation (evaluation mode) from a second one keyed from the same seed, so a run draws the
 * same numbers on every backend. The generators' positions are not part of a checkpoint: a resumed
 * run draws fresh ε.
 *
 * <pre>{@code
 * VariationalAutoencoder vae =
 *     VariationalAutoencoder.dense(options, Likelihood.BERNOULLI, 784, 256, 16); // 784→256→(16,16)
 * Adam adam = new Adam(vae.parameters(), 1e-3);
 * History h = Trainer.builder().model(vae).optimizer(adam).step(vae.step(adam))
 *     .trainingData(DataLoader.builder(images.inputsAsTargets()).batchSize(128).shuffle(1).build())
 *     .epochs(10).build().fit();
 * h.last().get("kl");                        // the parts: loss, reconstruction, kl
 * Tensor samples = vae.sample(backend, 64, new Generator(7));  // [64, 784] pixel means
 * }</pre>
 *
 * <p>A VAE is a {@link Layer}: {@link #forward} is {@link #reconstruct} (the decoded mean of the
 * posterior mean), its parameters are the encoder's under {@code "encoder."}, the decoder's under
 * {@code "decoder."} and, for {@link Likelihood#GAUSSIAN_LEARNED}, {@code "logVariance"}; it saves,
 * loads and rebuilds from {@code model.json} under the type {@code "variational_autoencoder"}
 * ({@link #TYPE}, {@link VaeModule}).
 *
 * <p>The constructor checks the architecture: the encoder must give {@code [1, 2k]} for one input
 * sample, the decoder must accept {@code [1, k]} and give the input's shape back; each mistake is
 * an {@link IllegalArgumentException} naming the model and the shapes.
 */
public final class VariationalAutoencoder implements Layer {

  /**
   * A VAE's arguments, as its JSON config holds them.
   *
   * @param inputShape the shape of one sample, without the batch axis ({@code [784]})
   * @param latentSize {@code k}, the size of {@code z}
   * @param encoder {@code f}: {@code [N, ...inputShape] → [N, 2k]}, μ then log σ²
   * @param decoder {@code g}: {@code [N, k] → [N, ...inputShape]}, logits or means
   * @param likelihood the decoder's distribution (default Bernoulli)
   * @param variance σ² of a Gaussian decoder: the fixed value, or the learned one's initial value
   * @param beta the weight β of the KL term (1: the plain VAE)
   * @param seed the seed of the ε generators
   */
  public record Config(
      List<Integer> inputShape,
      int latentSize,
      Layer encoder,
      Layer decoder,
      @Default("bernoulli") Likelihood likelihood,
      @Default("1") double variance,
      @Default("1") double beta,
      @Default("0") int seed) {

    /** Checks every number; the shapes are checked against the layers by the model. */
    public Config {
      inputShape = List.copyOf(inputShape);
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(decoder, "decoder");
      Objects.requireNonNull(likelihood, "likelihood");
      if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d < 1)) {
        throw new IllegalArgumentException(
            NAME + ": the input shape must have axes of at least 1, got " + inputShape);
      }
      if (latentSize < 1) {
        throw new IllegalArgumentException(
            NAME + ": the latent size must be at least 1, got " + latentSize);
      }
      if (!(variance > 0) || Double.isInfinite(variance)) {
        throw new IllegalArgumentException(
            NAME + ": the decoder variance σ² must be finite and > 0, got " + variance);
      }
      if (!(beta >= 0) || Double.isInfinite(beta)) {
        throw new IllegalArgumentException(NAME + ": β must be finite and >= 0, got " + beta);
      }
    }

    /** The same arguments with β = {@code beta}. */
    public Config withBeta(double beta) {
      return new Config(inputShape, latentSize, encoder, decoder, likelihood, variance, beta, seed);
    }

    /** The same arguments with the decoder variance σ² = {@code variance}. */
    public Config withVariance(double variance) {
      return new Config(inputShape, latentSize, encoder, decoder, likelihood, variance, beta, seed);
    }

    /** The same arguments with the seed of ε = {@code seed}. */
    public Config withSeed(int seed) {
      return new Config(inputShape, latentSize, encoder, decoder, likelihood, variance, beta, seed);
    }
  }

  /** The registry entry, {@code "variational_autoencoder"}; the halves come from the registry. */
  public static final LayerType<Config> TYPE =
      LayerType.of("variational_autoencoder", Config.class, VariationalAutoencoder::new);

  private static final String NAME = "VariationalAutoencoder";

  /** Turns the seed into the key of the validation ε, a Philox key of its own. */
  private static final long EVALUATION_KEY = 0x9E3779B97F4A7C15L;

  private final Config config;
  private final int[] inputShape;
  private final int latent;
  private final Layer encoder;
  private final Layer decoder;
  private final Likelihood likelihood;
  private final float beta;
  private final Tensor logVariance;
  private final Generator trainingNoise;
  private final Generator evaluationNoise;
  private boolean training = true;

  /**
   * A VAE of {@code config}; {@code backend} holds the learned decoder variance, if any.
   *
   * @throws IllegalArgumentException if the encoder's output does not fit the latent size or the
   *     decoder does not map a code back to the input's shape
   */
  public VariationalAutoencoder(Config config, Backend backend) {
    this.config = Objects.requireNonNull(config, "config");
    this.inputShape = config.inputShape().stream().mapToInt(Integer::intValue).toArray();
    this.latent = config.latentSize();
    this.encoder = config.encoder();
    this.decoder = config.decoder();
    this.likelihood = config.likelihood();
    this.beta = (float) config.beta();
    checkArchitecture();
    this.logVariance =
        likelihood == Likelihood.GAUSSIAN_LEARNED
            ? TensorScope.unscoped(
                    Tensor.full(
                        Objects.requireNonNull(backend, "backend"),
                        (float) Math.log(config.variance()),
                        1))
                .requiresGrad(true)
            : null;
    this.trainingNoise = new Generator(config.seed());
    this.evaluationNoise = new Generator(config.seed() ^ EVALUATION_KEY);
  }

  /**
   * A dense VAE: {@code sizes = {D, h₁, …, k}} gives the encoder {@code Dense(D→h₁) → ReLU → … →
   * Dense(h_last→2k)} and the decoder {@code Dense(k→h_last) → ReLU → … → Dense(h₁→D)}, whose
   * output is the logits (Bernoulli) or the mean (Gaussian) with no activation; σ² = 1, β = 1, seed
   * 0. With {@code 784, 256, 64} it is workload 2's architecture of {@code WORKLOADS.md} as a VAE.
   */
  public static VariationalAutoencoder dense(
      LayerOptions options, Likelihood likelihood, int... sizes) {
    return new VariationalAutoencoder(
        denseConfig(options, likelihood, sizes), options.resolveBackend());
  }

  /**
   * The config of {@link #dense}, for changing β, σ² or the seed first: {@code new
   * VariationalAutoencoder(denseConfig(options, BERNOULLI, 784, 256, 16).withBeta(4), backend)}.
   */
  public static Config denseConfig(LayerOptions options, Likelihood likelihood, int... sizes) {
    if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException(
          NAME
              + ".dense: give the input size, any hidden sizes and the latent size, each at least"
              + " 1, got "
              + Arrays.toString(sizes));
    }
    int last = sizes.length - 1;
    List<Layer> encoder = new ArrayList<>();
    for (int i = 0; i < last; i++) {
      encoder.add(new Dense(sizes[i], i == last - 1 ? 2 * sizes[last] : sizes[i + 1], options));
      if (i < last - 1) {
        encoder.add(new Activation.ReLU());
      }
    }
    List<Layer> decoder = new ArrayList<>();
    for (int i = last; i > 0; i--) {
      decoder.add(new Dense(sizes[i], sizes[i - 1], options));
      if (i > 1) {
        decoder.add(new Activation.ReLU());
      }
    }
    return new Config(
        List.of(sizes[0]),
        sizes[last],
        new Sequential(encoder),
        new Sequential(decoder),
        likelihood,
        1.0,
        1.0,
        0);
  }

  // ------------------------------------------------------------------ the model

  /** The posterior {@code q(z|x)} of a batch {@code [N, ...inputShape]}. */
  public GaussianPosterior encode(Tensor input) {
    checkBatch("input", input, inputShape);
    Tensor h = encoder.forward(input);
    if (h.rank() != 2 || h.dim(1) != 2 * latent) {
      throw new IllegalArgumentException(
          this
              + ": the encoder gave "
              + Arrays.toString(h.shape())
              + "; it must give [batch, "
              + 2 * latent
              + "] (μ and log σ², "
              + latent
              + " each)");
    }
    return new GaussianPosterior(h.slice(1, 0, latent), h.slice(1, latent, 2 * latent));
  }

  /**
   * The decoder's raw output for codes {@code [N, k]}: logits for {@link Likelihood#BERNOULLI},
   * means for the Gaussian decoders.
   */
  public Tensor decoderOutput(Tensor code) {
    checkBatch("latent code", code, new int[] {latent});
    return decoder.forward(code);
  }

  /** The mean of {@code p(x|z)} for codes {@code [N, k]}: {@code sigmoid(ℓ)} or {@code m}. */
  public Tensor decode(Tensor code) {
    return mean(decoderOutput(code));
  }

  /** {@code E[p(x|z = μ(x))]}: the decoded posterior mean, deterministic. */
  public Tensor reconstruct(Tensor input) {
    return decode(encode(input).mean());
  }

  /** {@link #reconstruct}. */
  @Override
  public Tensor forward(Tensor input) {
    return reconstruct(input);
  }

  /**
   * {@code n} samples from the model: {@code z ~ N(0, I)} drawn from {@code generator} on {@code
   * backend}, decoded to the mean of {@code p(x|z)}: {@code [n, ...inputShape]}.
   */
  public Tensor sample(Backend backend, int n, Generator generator) {
    if (n < 1) {
      throw new IllegalArgumentException(this + ": cannot draw " + n + " samples");
    }
    return decode(generator.normal(backend, 0f, 1f, n, latent));
  }

  /**
   * The decoded means along the straight line between the posterior means of {@code a} and {@code
   * b} (each one sample, {@code [1, ...inputShape]}): {@code z_i = (1 − t_i)·μ(a) + t_i·μ(b)} with
   * {@code t_i = i/(steps − 1)}, {@code i = 0 … steps − 1}. Returns {@code [steps, ...inputShape]};
   * the first row is {@code reconstruct(a)}, the last {@code reconstruct(b)}.
   */
  public Tensor interpolate(Tensor a, Tensor b, int steps) {
    if (steps < 2) {
      throw new IllegalArgumentException(
          this + ": an interpolation needs at least 2 steps (both ends), got " + steps);
    }
    if (a.dim(0) != 1 || b.dim(0) != 1) {
      throw new IllegalArgumentException(
          this
              + ": interpolate between two single samples [1, ...], got "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape()));
    }
    Tensor from = encode(a).mean();
    Tensor to = encode(b).mean();
    float[] t = new float[steps];
    for (int i = 0; i < steps; i++) {
      t[i] = (float) i / (steps - 1);
    }
    Tensor weights = Tensor.of(from.backend(), t, steps, 1);
    return decode(from.add(to.sub(from).mul(weights)));
  }

  /**
   * The ELBO's terms for a batch: {@code input} is encoded, {@code target} (usually the same
   * images) is what the decoder must explain, and {@code epsilon} ({@code [N, k]}) is the
   * reparameterisation's noise. With {@code epsilon} held fixed this is a deterministic function of
   * the weights, which is how its gradient is checked.
   *
   * <p>The targets of a Bernoulli decoder must lie in {@code [0, 1]}; this method does not check
   * them (the step does, without a download per batch; {@link #negativeElbo} does at once).
   */
  public Elbo elbo(Tensor input, Tensor target, Tensor epsilon) {
    GaussianPosterior posterior = encode(input);
    Tensor z = posterior.sample(epsilon);
    Tensor output = decoder.forward(z);
    if (!Arrays.equals(output.shape(), target.shape())) {
      throw new IllegalArgumentException(
          this
              + ": the decoder's output "
              + Arrays.toString(output.shape())
              + " and the target "
              + Arrays.toString(target.shape())
              + " differ in shape");
    }
    Tensor reconstruction = negativeLogLikelihood(output, target);
    return new Elbo(reconstruction, posterior.klFromStandardNormal(), beta, output, posterior, z);
  }

  /**
   * {@link #elbo(Tensor, Tensor, Tensor)} with ε drawn from the model's generator: the training one
   * in training mode, the validation one in evaluation mode.
   */
  public Elbo elbo(Tensor input, Tensor target) {
    Generator noise = training ? trainingNoise : evaluationNoise;
    return elbo(input, target, noise.normal(input.backend(), 0f, 1f, input.dim(0), latent));
  }

  /**
   * Each sample's negative ELBO, {@code −log p(x|z) + KL(q(z|x) ‖ p(z))} with β = 1, averaged over
   * {@code draws} reparameterised draws of ε from {@code generator}: a tensor {@code [N]} that is
   * larger for inputs the model explains badly, the VAE's anomaly score. An upper bound on {@code
   * −log p(x)} for every draw. Call it under {@code Autograd.noGrad()} when only the values are
   * needed.
   *
   * @throws IllegalArgumentException for a Bernoulli decoder, if an input lies outside [0, 1]
   */
  public Tensor negativeElbo(Tensor input, int draws, Generator generator) {
    if (draws < 1) {
      throw new IllegalArgumentException(this + ": need at least one draw of ε, got " + draws);
    }
    if (likelihood == Likelihood.BERNOULLI) {
      float[] range = range(input);
      checkBernoulliTargets(range[0], range[1], "the inputs");
    }
    Tensor total = null;
    for (int d = 0; d < draws; d++) {
      Tensor epsilon = generator.normal(input.backend(), 0f, 1f, input.dim(0), latent);
      Tensor score = elbo(input, input, epsilon).negativeElbo();
      total = total == null ? score : total.add(score);
    }
    return draws == 1 ? total : total.div(draws);
  }

  /** The training step under {@code optimizer}, for {@code Trainer.step}; see {@link VaeStep}. */
  public TrainingStep step(Optimizer optimizer) {
    return new VaeStep(this, optimizer);
  }

  // ------------------------------------------------------------------ the likelihood

  /** {@code −log p(target|z)} per sample from the decoder's {@code output}, {@code [N]}. */
  Tensor negativeLogLikelihood(Tensor output, Tensor target) {
    return likelihood.negativeLogLikelihood(output, target, config.variance(), logVariance);
  }

  /** The mean of {@code p(x|z)} from the decoder's output. */
  Tensor mean(Tensor output) {
    return likelihood.mean(output);
  }

  /** The minimum and maximum of {@code t}, downloaded. */
  static float[] range(Tensor t) {
    try (TensorScope scope = TensorScope.open();
        NoGrad off = Autograd.noGrad()) {
      return new float[] {t.min(false).item(), t.max(false).item()};
    }
  }

  /**
   * Throws if a Bernoulli decoder's targets, which range over {@code [low, high]}, leave [0, 1].
   */
  void checkBernoulliTargets(float low, float high, String what) {
    if (!(low >= 0 && high <= 1)) {
      throw new IllegalArgumentException(
          this
              + ": a Bernoulli decoder needs targets in [0, 1], but "
              + what
              + " range over ["
              + low
              + ", "
              + high
              + "]; scale the data to [0, 1] (pixels: u8 / 255) or use a Gaussian decoder");
    }
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

  /** The decoder's distribution. */
  public Likelihood likelihood() {
    return likelihood;
  }

  /** The latent size {@code k}. */
  public int latentSize() {
    return latent;
  }

  /** The weight β of the KL term. */
  public double beta() {
    return beta;
  }

  /** The shape of one input sample (no batch axis). */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The decoder's {@code log σ²}: the learned parameter ({@code [1]}) for {@link
   * Likelihood#GAUSSIAN_LEARNED}, otherwise empty.
   */
  public Optional<Tensor> logVariance() {
    return Optional.ofNullable(logVariance);
  }

  /** The arguments this model was built from. */
  public Config architecture() {
    return config;
  }

  // ------------------------------------------------------------------ Layer

  @Override
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> all = prefixed(encoder.parameters(), decoder.parameters());
    if (logVariance != null) {
      all.put("logVariance", logVariance);
    }
    return Collections.unmodifiableMap(all);
  }

  @Override
  public Map<String, Tensor> buffers() {
    return Collections.unmodifiableMap(prefixed(encoder.buffers(), decoder.buffers()));
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
    if (!ModelShapes.fits(shape, inputShape)) {
      throw new IllegalArgumentException(
          this
              + ": input "
              + Arrays.toString(shape)
              + " does not fit: expected "
              + ModelShapes.batchOf(inputShape));
    }
    return shape.clone();
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(config);
  }

  @Override
  public void close() {
    encoder.close();
    decoder.close();
    if (logVariance != null) {
      logVariance.close();
    }
  }

  /** {@code VariationalAutoencoder([784] -> 16, bernoulli, β = 1.0)}. */
  @Override
  public String toString() {
    return NAME
        + "("
        + Arrays.toString(inputShape)
        + " -> "
        + latent
        + ", "
        + likelihood.name().toLowerCase(Locale.ROOT)
        + ", β = "
        + beta
        + ")";
  }

  // ------------------------------------------------------------------ checks

  private void checkArchitecture() {
    int[] one = ModelShapes.one(inputShape);
    String name = NAME + "(" + Arrays.toString(inputShape) + " -> " + latent + ")";
    int[] code =
        ModelShapes.outputOf(
            name, "encoder", "inputs of shape " + Arrays.toString(inputShape), encoder, one);
    if (code.length != 2 || code[1] != 2 * latent) {
      throw new IllegalArgumentException(
          name
              + ": the encoder gives "
              + Arrays.toString(code)
              + " for one sample, but a latent size of "
              + latent
              + " needs [1, "
              + 2 * latent
              + "]: μ and log σ², "
              + latent
              + " each");
    }
    int[] output =
        ModelShapes.outputOf(name, "decoder", "latent codes of size " + latent, decoder, 1, latent);
    if (!Arrays.equals(output, one)) {
      throw new IllegalArgumentException(
          name
              + ": the decoder's output shape "
              + Arrays.toString(Arrays.copyOfRange(output, 1, output.length))
              + " differs from the input shape "
              + Arrays.toString(inputShape)
              + "; the decoder must give the input back");
    }
  }

  private void checkBatch(String what, Tensor t, int[] sample) {
    ModelShapes.checkBatch(this, what, t, sample);
  }

  private static Map<String, Tensor> prefixed(Map<String, Tensor> enc, Map<String, Tensor> dec) {
    Map<String, Tensor> all = new LinkedHashMap<>();
    enc.forEach((name, t) -> all.put("encoder." + name, t));
    dec.forEach((name, t) -> all.put("decoder." + name, t));
    return all;
  }
}
