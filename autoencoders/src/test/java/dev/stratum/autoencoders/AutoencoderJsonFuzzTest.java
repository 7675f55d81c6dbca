package dev.stratum.autoencoders;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stratum.autoencoders.gan.Gan;
import dev.stratum.autoencoders.vae.Likelihood;
import dev.stratum.autoencoders.vae.VariationalAutoencoder;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.CheckpointException;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.BinaryCrossEntropy;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.testing.ArchitectureFuzzing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzz target for the autoencoders' architecture JSON: the kinds save no file of their own, but
 * each is a layer type in {@code model.json} ({@link Autoencoders#factories()}, with the VAE's and
 * the GAN's types, what {@code AutoencodersModule}, {@code VaeModule} and {@code GanModule}
 * register), rebuilt here beside the weights of a small dense autoencoder. Each input loads or
 * throws a {@link CheckpointException}; anything else is a finding (see {@code docs/fuzzing.md}).
 *
 * <p>The seeds in {@code src/test/resources/.../AutoencoderJsonFuzzTestInputs/architectureJson} are
 * the {@code model.json} of the models in {@link #SEEDS}, as the project writes them; {@link
 * #theSeedsAreTheModelJsonTheProjectWrites} checks that they still are.
 */
class AutoencoderJsonFuzzTest {

  private static final Backend BACKEND = Backends.get("vector");
  private static final Map<String, LayerFactory> REGISTRY = registry();
  private static final Path DIR =
      ArchitectureFuzzing.scratchDirectory("stratum-fuzz-autoencoders-");

  private static final Map<String, Supplier<Layer>> SEEDS = seeds();

  private static Map<String, LayerFactory> registry() {
    Map<String, LayerFactory> all = new LinkedHashMap<>(Autoencoders.factories());
    all.put(VariationalAutoencoder.TYPE.name(), VariationalAutoencoder.TYPE.factory());
    all.put(Gan.TYPE.name(), Gan.TYPE.factory());
    return Collections.unmodifiableMap(all);
  }

  private static LayerOptions options() {
    return LayerOptions.defaults().on(BACKEND).seed(7);
  }

  private static Map<String, Supplier<Layer>> seeds() {
    Map<String, Supplier<Layer>> seeds = new LinkedHashMap<>();
    // the fuzz target's weights file is this model's: its seed loads completely
    seeds.put("undercomplete", () -> Autoencoders.dense(options(), 12, 4));
    seeds.put("deep", () -> Autoencoders.dense(options(), 12, 8, 4, 2));
    seeds.put("tied", () -> Autoencoders.tied(options(), new Activation.Sigmoid(), 12, 6, 3));
    seeds.put(
        "sparse-kl",
        () ->
            SparseAutoencoder.kl(
                new int[] {12},
                new Sequential(new Dense(12, 16, options()), new Activation.Sigmoid()),
                new Sequential(new Dense(16, 12, options()), new Activation.Sigmoid()),
                new BinaryCrossEntropy(),
                0.05,
                3));
    seeds.put("denoising-gaussian", () -> denoising(Noise.gaussian(0.2, 1)));
    seeds.put("denoising-masking", () -> denoising(Noise.masking(0.3, 2)));
    seeds.put("denoising-salt-and-pepper", () -> denoising(Noise.saltAndPepper(0.1, 3)));
    seeds.put(
        "contractive",
        () ->
            new ContractiveAutoencoder(
                new int[] {12},
                new Sequential(new Dense(12, 4, options()), new Activation.Sigmoid()),
                new Sequential(new Dense(4, 12, options()), new Activation.Sigmoid()),
                new MeanSquaredError(),
                0.1));
    seeds.put("convolutional-pooling", () -> Autoencoders.convolutionalPooling(options()));
    seeds.put(
        "vae-bernoulli",
        () -> VariationalAutoencoder.dense(options(), Likelihood.BERNOULLI, 6, 5, 3));
    seeds.put(
        "vae-gaussian-learned",
        () -> VariationalAutoencoder.dense(options(), Likelihood.GAUSSIAN_LEARNED, 6, 3));
    seeds.put("gan-dense", () -> Gan.dense(options(), 12, 3, 8));
    seeds.put("gan-convolutional", () -> Gan.convolutional(options(), 4, 2));
    return Collections.unmodifiableMap(seeds);
  }

  private static Layer denoising(Noise noise) {
    return new DenoisingAutoencoder(
        new int[] {12},
        new Dense(12, 5, options()),
        new Dense(5, 12, options()),
        new MeanSquaredError(),
        noise);
  }

  @FuzzTest(maxDuration = "10m")
  void architectureJson(byte[] json) throws IOException {
    ArchitectureFuzzing.loadOrRefuse(DIR, json, BACKEND, REGISTRY, SEEDS.get("undercomplete"));
  }

  @Test
  void theSeedsAreTheModelJsonTheProjectWrites(@TempDir Path temp) throws IOException {
    ArchitectureFuzzing.checkSeeds(
        AutoencoderJsonFuzzTest.class, "architectureJson", temp, BACKEND, REGISTRY, SEEDS);
  }
}
