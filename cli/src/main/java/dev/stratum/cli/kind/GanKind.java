package dev.stratum.cli.kind;

import dev.stratum.autoencoders.gan.Gan;
import dev.stratum.backend.Backend;
import dev.stratum.cli.picture.Picture;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.train.Monitor;
import dev.stratum.train.TrainingStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The dense GAN of the autoencoders module ({@link Gan#dense}): a generator CODE-256-512-784 with
 * leaky ReLUs and a sigmoid on the pixels, a discriminator the mirror image giving one logit. The
 * spec of {@code --optimizer} builds one optimizer per player (Adam with DCGAN's β₁ = 0.5 unless
 * told otherwise). Its losses say who is winning the game, not how good the samples are, so no
 * epoch is ranked above another: the last one is kept and every epoch runs.
 */
final class GanKind implements ModelKind, Samples {

  static final int DEFAULT_CODE_SIZE = 64;

  @Override
  public String name() {
    return "gan";
  }

  @Override
  public String description() {
    return "generative adversarial network, generator CODE-256-512-784 (CODE default 64),"
        + " discriminator 784-512-256-1";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public List<String> options() {
    return List.of("--code-size");
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    int code = settings.codeSize() != null ? settings.codeSize() : DEFAULT_CODE_SIZE;
    return Gan.dense(o, 784, code, 256, 512);
  }

  /** One optimizer per player from the same spec; a schedule is refused (there would be two). */
  @Override
  public OptimizerSpec.Built optimizer(Layer model, String spec) {
    Gan gan = (Gan) model;
    OptimizerSpec.Built d = OptimizerSpec.builtIn().build(spec, gan.discriminatorParameters());
    if (d.schedule() != null || d.callback() != null) {
      d.optimizer().close();
      throw new IllegalArgumentException(
          "the gan trains two optimizers and takes no \"schedule\"; drop it from the spec");
    }
    OptimizerSpec.Built g = OptimizerSpec.builtIn().build(spec, gan.generatorParameters());
    return new OptimizerSpec.Built(new OptimizerPair(d.optimizer(), g.optimizer()), null, null);
  }

  @Override
  public TrainingStep step(Layer model, Optimizer optimizer) {
    if (!(optimizer instanceof OptimizerPair pair)) {
      throw new IllegalArgumentException(
          "the gan needs the pair of optimizers GanKind.optimizer builds, got " + optimizer);
    }
    return ((Gan) model).step(pair.discriminator(), pair.generator());
  }

  @Override
  public Optional<Monitor> monitor() {
    return Optional.empty();
  }

  @Override
  public String defaultOptimizer() {
    return "{\"optimizer\": \"adam\", \"lr\": 2e-4, \"beta1\": 0.5}";
  }

  @Override
  public int defaultBatchSize() {
    return 64;
  }

  @Override
  public String describe(String metric) {
    return switch (metric) {
      case "loss" -> "generator loss, mean softplus(−d(G(z)))";
      case "discriminator" -> "discriminator loss (2 ln 2 = 1.386 at equilibrium)";
      case "d_real" -> "mean σ(d(x)) on real images";
      case "d_fake" -> "mean σ(d(G(z))) on generated images";
      default -> metric;
    };
  }

  @Override
  public Tensor sample(Layer model, Backend backend, int count, Generator codes) {
    return ((Gan) model).sample(backend, count, codes);
  }

  @Override
  public List<Picture> pictures(Trained trained, Path folder) throws IOException {
    return List.of(
        SampleGrid.write(
            this,
            trained.model(),
            trained.backend(),
            64,
            8,
            SampleGrid.REPORT_SEED,
            folder.resolve("samples.png")));
  }
}
