package dev.stratum.autoencoders.gan;

import dev.stratum.autoencoders.ModelShapes;
import dev.stratum.backend.Backend;
import dev.stratum.layers.BatchNorm1d;
import dev.stratum.layers.BatchNorm2d;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.ConvTranspose2d;
import dev.stratum.layers.Default;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.Reshape;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.Adam;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A generative adversarial network: a generator {@code G: z ↦ x̃} from latent codes {@code z ~ N(0,
 * I)} of size {@code k} to samples, and a discriminator {@code D: x ↦ d} giving one logit per
 * sample, {@code D(x) = σ(d)} the probability that {@code x} is real. The two play
 *
 * <pre>
 *   discriminator:  L_D = −(1/N) Σ log σ(d(x_n)) − (1/N) Σ log(1 − σ(d(G(z_n))))
 *                       = mean softplus(−d(x)) + mean softplus(d(G(z)))
 *   generator:      L_G = −(1/N) Σ log σ(d(G(z_n)))  = mean softplus(−d(G(z)))
 * </pre>
 *
 * the generator's being the non-saturating form, which has strong gradients early on when {@code D}
 * rejects every generated sample (the minimax form {@code log(1 − σ(d))} is then flat). {@link
 * GanStep} trains them in alternation, one step of each per batch.
 *
 * <pre>{@code
 * Gan gan = Gan.dense(options, 784, 64, 256, 512);   // z of 64, hidden 256 and 512
 * Adam d = Gan.adam(gan.discriminatorParameters(), 2e-4), g = Gan.adam(gan.generatorParameters(), 2e-4);
 * Trainer.builder().model(gan).step(gan.step(d, g))
 *     .trainingData(DataLoader.builder(images).batchSize(64).shuffle(1).build())
 *     .epochs(20).build().fit();                    // history: loss (L_G), discriminator (L_D), ...
 * Tensor samples = gan.sample(backend, 64, new Generator(7));   // [64, 784]
 * }</pre>
 *
 * <p>A GAN is a {@link Layer} whose forward pass is the generator, {@code [N, k] → [N,
 * ...sampleShape]}; its parameters are the generator's under {@code "generator."} and the
 * discriminator's under {@code "discriminator."}, and it saves, loads and rebuilds from {@code
 * model.json} under the type {@code "gan"} ({@link #TYPE}, {@link GanModule}). Training draws its
 * codes from a {@link Generator} seeded with the config's seed (validation from a second one keyed
 * from it), so a run draws the same codes on every backend.
 *
 * <p>The constructor checks the architecture: the generator must turn {@code [1, k]} into {@code
 * [1, ...sampleShape]} and the discriminator that into {@code [1, 1]}; each mistake is an {@link
 * IllegalArgumentException} naming the model and the shapes.
 */
public final class Gan implements Layer {

  /**
   * A GAN's arguments, as its JSON config holds them.
   *
   * @param sampleShape the shape of one sample, without the batch axis ({@code [784]}, {@code [1,
   *     28, 28]})
   * @param latentSize {@code k}, the size of {@code z}
   * @param generator {@code G}: {@code [N, k] → [N, ...sampleShape]}
   * @param discriminator {@code D}: {@code [N, ...sampleShape] → [N, 1]}, a logit per sample
   * @param seed the seed of the latent-code generators
   */
  public record Config(
      List<Integer> sampleShape,
      int latentSize,
      Layer generator,
      Layer discriminator,
      @Default("0") int seed) {

    /** Checks the numbers; the shapes are checked against the layers by the model. */
    public Config {
      sampleShape = List.copyOf(sampleShape);
      Objects.requireNonNull(generator, "generator");
      Objects.requireNonNull(discriminator, "discriminator");
      if (sampleShape.isEmpty() || sampleShape.stream().anyMatch(d -> d < 1)) {
        throw new IllegalArgumentException(
            NAME + ": the sample shape must have axes of at least 1, got " + sampleShape);
      }
      if (latentSize < 1) {
        throw new IllegalArgumentException(
            NAME + ": the latent size must be at least 1, got " + latentSize);
      }
    }
  }

  /** The registry entry, {@code "gan"}; both networks come from the registry. */
  public static final LayerType<Config> TYPE =
      LayerType.of("gan", Config.class, (c, backend) -> new Gan(c));

  private static final String NAME = "Gan";

  /** Turns the seed into the key of the validation codes, a Philox key of its own. */
  private static final long EVALUATION_KEY = 0x9E3779B97F4A7C15L;

  private final Config config;
  private final int[] sampleShape;
  private final int latent;
  private final Layer generator;
  private final Layer discriminator;
  private final Generator trainingCodes;
  private final Generator evaluationCodes;
  private boolean training = true;

  /**
   * A GAN of {@code config}.
   *
   * @throws IllegalArgumentException if the generator's output is not a sample or the discriminator
   *     does not give one logit per sample
   */
  public Gan(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.sampleShape = config.sampleShape().stream().mapToInt(Integer::intValue).toArray();
    this.latent = config.latentSize();
    this.generator = config.generator();
    this.discriminator = config.discriminator();
    checkArchitecture();
    this.trainingCodes = new Generator(config.seed());
    this.evaluationCodes = new Generator(config.seed() ^ EVALUATION_KEY);
  }

  // ------------------------------------------------------------------ architectures

  /**
   * A dense GAN for samples of {@code sampleSize} values in [0, 1]: the generator {@code
   * Dense(k→h₁) → LeakyReLU(0.2) → … → Dense(h_last→D) → Sigmoid}, the discriminator the mirror
   * image {@code Dense(D→h_last) → LeakyReLU(0.2) → … → Dense(h₁→1)} (a logit); seed 0.
   */
  public static Gan dense(LayerOptions options, int sampleSize, int latentSize, int... hidden) {
    if (sampleSize < 1 || latentSize < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException(
          NAME
              + ".dense: sizes must be at least 1, got sample "
              + sampleSize
              + ", latent "
              + latentSize
              + ", hidden "
              + Arrays.toString(hidden));
    }
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = latentSize;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = sampleSize;
    List<Layer> g = new ArrayList<>();
    List<Layer> d = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      g.add(new Dense(sizes[i], sizes[i + 1], options));
      g.add(i + 2 < sizes.length ? new Activation.LeakyReLU(0.2) : new Activation.Sigmoid());
    }
    for (int i = sizes.length - 1; i > 0; i--) {
      d.add(new Dense(sizes[i], i > 1 ? sizes[i - 1] : 1, options));
      if (i > 1) {
        d.add(new Activation.LeakyReLU(0.2));
      }
    }
    return new Gan(
        new Config(List.of(sampleSize), latentSize, new Sequential(g), new Sequential(d), 0));
  }

  /**
   * A DCGAN-style GAN (Radford et al., 2016) for {@code [1, 28, 28]} images in [0, 1], with {@code
   * w} feature maps at 14×14 and {@code 2w} at 7×7; seed 0.
   *
   * <pre>
   *   G: Dense(k → 2w·7·7) → BatchNorm1d → ReLU → Reshape(2w, 7, 7)
   *      → ConvTranspose2d(2w → w, 4, s2, p1) → BatchNorm2d → ReLU        (14×14)
   *      → ConvTranspose2d(w → 1, 4, s2, p1) → Sigmoid                    (28×28)
   *   D: Conv2d(1 → w, 4, s2, p1) → LeakyReLU(0.2)                       (14×14)
   *      → Conv2d(w → 2w, 4, s2, p1) → BatchNorm2d → LeakyReLU(0.2)      (7×7)
   *      → Flatten → Dense(2w·7·7 → 1)
   * </pre>
   */
  public static Gan convolutional(LayerOptions options, int latentSize, int w) {
    if (latentSize < 1 || w < 1) {
      throw new IllegalArgumentException(
          NAME
              + ".convolutional: the latent size and the width must be at least 1, got "
              + latentSize
              + " and "
              + w);
    }
    Sequential g =
        new Sequential(
            new Dense(latentSize, 2 * w * 49, options),
            new BatchNorm1d(2 * w * 49, 0.1, 1e-5, true, options),
            new Activation.ReLU(),
            new Reshape(2 * w, 7, 7),
            new ConvTranspose2d(2 * w, w, 4, 2, 1, 0, options),
            new BatchNorm2d(w, 0.1, 1e-5, true, options),
            new Activation.ReLU(),
            new ConvTranspose2d(w, 1, 4, 2, 1, 0, options),
            new Activation.Sigmoid());
    Sequential d =
        new Sequential(
            new Conv2d(1, w, 4, 2, 1, false, options),
            new Activation.LeakyReLU(0.2),
            new Conv2d(w, 2 * w, 4, 2, 1, false, options),
            new BatchNorm2d(2 * w, 0.1, 1e-5, true, options),
            new Activation.LeakyReLU(0.2),
            new Flatten(),
            new Dense(2 * w * 49, 1, options));
    return new Gan(new Config(List.of(1, 28, 28), latentSize, g, d, 0));
  }

  /**
   * Adam with the settings DCGAN found stable for both players, β₁ = 0.5, β₂ = 0.999, ε = 1e-8 (the
   * usual β₁ = 0.9 lets the momentum of one player overshoot the other's moves), over {@code
   * parameters} with learning rate {@code learningRate} (DCGAN: 2e-4).
   */
  public static Adam adam(Map<String, Tensor> parameters, double learningRate) {
    return Adam.builder()
        .parameters(parameters)
        .lr(learningRate)
        .betas(0.5, 0.999)
        .eps(1e-8)
        .build();
  }

  // ------------------------------------------------------------------ the model

  /** {@code G(z)} for codes {@code [N, k]}: samples {@code [N, ...sampleShape]}. */
  public Tensor generate(Tensor code) {
    checkBatch("latent code", code, new int[] {latent});
    return generator.forward(code);
  }

  /** {@link #generate}. */
  @Override
  public Tensor forward(Tensor code) {
    return generate(code);
  }

  /** {@code n} samples: {@code G(z)} with {@code z ~ N(0, I)} drawn from {@code codes}. */
  public Tensor sample(Backend backend, int n, Generator codes) {
    if (n < 1) {
      throw new IllegalArgumentException(this + ": cannot draw " + n + " samples");
    }
    return generate(codes.normal(backend, 0f, 1f, n, latent));
  }

  /**
   * The discriminator's logits {@code d(x)} for samples {@code [N, ...sampleShape]}: {@code [N,
   * 1]}.
   */
  public Tensor discriminate(Tensor samples) {
    checkBatch("sample", samples, sampleShape);
    return discriminator.forward(samples);
  }

  /**
   * {@code n} latent codes {@code z ~ N(0, I)} from the model's own generator: the training one in
   * training mode, the validation one in evaluation mode.
   */
  public Tensor drawCodes(Backend backend, int n) {
    return (training ? trainingCodes : evaluationCodes).normal(backend, 0f, 1f, n, latent);
  }

  /** {@code L_D = mean softplus(−d_real) + mean softplus(d_fake)}, from the two logit batches. */
  public static Tensor discriminatorLoss(Tensor realLogits, Tensor fakeLogits) {
    return realLogits.neg().softplus().mean().add(fakeLogits.softplus().mean());
  }

  /** The non-saturating {@code L_G = mean softplus(−d_fake)} = {@code −mean log σ(d_fake)}. */
  public static Tensor generatorLoss(Tensor fakeLogits) {
    return fakeLogits.neg().softplus().mean();
  }

  /**
   * The alternating step under the discriminator's and the generator's optimizers (each over its
   * own network's parameters), for {@code Trainer.step}; see {@link GanStep}.
   */
  public TrainingStep step(Optimizer discriminatorOptimizer, Optimizer generatorOptimizer) {
    return new GanStep(this, discriminatorOptimizer, generatorOptimizer);
  }

  // ------------------------------------------------------------------ parts

  /** The generator {@code G}. */
  public Layer generator() {
    return generator;
  }

  /** The discriminator {@code D}. */
  public Layer discriminator() {
    return discriminator;
  }

  /** The generator's parameters, under their own names (for its optimizer). */
  public Map<String, Tensor> generatorParameters() {
    return generator.parameters();
  }

  /** The discriminator's parameters, under their own names (for its optimizer). */
  public Map<String, Tensor> discriminatorParameters() {
    return discriminator.parameters();
  }

  /** The latent size {@code k}. */
  public int latentSize() {
    return latent;
  }

  /** The shape of one sample (no batch axis). */
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  /** The arguments this model was built from. */
  public Config architecture() {
    return config;
  }

  // ------------------------------------------------------------------ Layer

  @Override
  public Map<String, Tensor> parameters() {
    return prefixed(generator.parameters(), discriminator.parameters());
  }

  @Override
  public Map<String, Tensor> buffers() {
    return prefixed(generator.buffers(), discriminator.buffers());
  }

  @Override
  public void train(boolean training) {
    this.training = training;
    generator.train(training);
    discriminator.train(training);
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public int[] outputShape(int... shape) {
    if (shape.length != 2 || shape[1] != latent) {
      throw new IllegalArgumentException(
          this
              + ": input "
              + Arrays.toString(shape)
              + " does not fit: expected [batch, "
              + latent
              + "]");
    }
    int[] out = new int[sampleShape.length + 1];
    out[0] = shape[0];
    System.arraycopy(sampleShape, 0, out, 1, sampleShape.length);
    return out;
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
    generator.close();
    discriminator.close();
  }

  /** {@code Gan(64 -> [784])}. */
  @Override
  public String toString() {
    return NAME + "(" + latent + " -> " + Arrays.toString(sampleShape) + ")";
  }

  // ------------------------------------------------------------------ checks

  private void checkArchitecture() {
    String name = toString();
    int[] one = ModelShapes.one(sampleShape);
    int[] generated =
        ModelShapes.outputOf(
            name, "generator", "latent codes of size " + latent, generator, 1, latent);
    if (!Arrays.equals(generated, one)) {
      throw new IllegalArgumentException(
          name
              + ": the generator gives "
              + Arrays.toString(Arrays.copyOfRange(generated, 1, generated.length))
              + " for a code, but the samples are "
              + Arrays.toString(sampleShape));
    }
    int[] scored =
        ModelShapes.outputOf(
            name,
            "discriminator",
            "samples of shape " + Arrays.toString(sampleShape),
            discriminator,
            one);
    if (!Arrays.equals(scored, new int[] {1, 1})) {
      throw new IllegalArgumentException(
          name
              + ": the discriminator gives "
              + Arrays.toString(scored)
              + " for one sample; it must give one logit, [1, 1]");
    }
  }

  private void checkBatch(String what, Tensor t, int[] sample) {
    ModelShapes.checkBatch(this, what, t, sample);
  }

  private static Map<String, Tensor> prefixed(Map<String, Tensor> g, Map<String, Tensor> d) {
    Map<String, Tensor> all = new LinkedHashMap<>();
    g.forEach((name, t) -> all.put("generator." + name, t));
    d.forEach((name, t) -> all.put("discriminator." + name, t));
    return Collections.unmodifiableMap(all);
  }
}
