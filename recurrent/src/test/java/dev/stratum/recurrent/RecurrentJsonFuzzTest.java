package dev.stratum.recurrent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.CheckpointException;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.StandardLayers;
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
 * A fuzz target for the recurrent layers' architecture JSON: {@code model.json} rebuilt through
 * {@code StandardLayers.factories()} and {@link RecurrentLayers#factories()} (what {@code
 * RecurrentModule} registers), beside the weights of a small LSTM. Each input loads or throws a
 * {@link CheckpointException}; anything else is a finding (see {@code docs/fuzzing.md}).
 *
 * <p>The seeds in {@code src/test/resources/.../RecurrentJsonFuzzTestInputs/architectureJson} are
 * the {@code model.json} of the models in {@link #SEEDS}, as the project writes them; {@link
 * #theSeedsAreTheModelJsonTheProjectWrites} checks that they still are.
 */
class RecurrentJsonFuzzTest {

  private static final Backend BACKEND = Backends.get("vector");
  private static final Map<String, LayerFactory> REGISTRY = registry();
  private static final Path DIR = ArchitectureFuzzing.scratchDirectory("stratum-fuzz-recurrent-");

  private static final Map<String, Supplier<Layer>> SEEDS = seeds();

  private static Map<String, LayerFactory> registry() {
    Map<String, LayerFactory> all = new LinkedHashMap<>(StandardLayers.factories());
    all.putAll(RecurrentLayers.factories());
    return Collections.unmodifiableMap(all);
  }

  private static LayerOptions options() {
    return LayerOptions.defaults().on(BACKEND).seed(3);
  }

  private static Map<String, Supplier<Layer>> seeds() {
    Map<String, Supplier<Layer>> seeds = new LinkedHashMap<>();
    // the fuzz target's weights file is this model's: its seed loads completely
    seeds.put("lstm", () -> Recurrent.lstm(3, 4).build(options()));
    seeds.put(
        "gru-stacked-bidirectional",
        () -> Recurrent.gru(3, 4).layers(2).bidirectional(true).dropout(0.25).build(options()));
    seeds.put(
        "lstm-peephole-sum-last-sequence-first",
        () ->
            Recurrent.lstm(3, 4, LstmCell.Variant.PEEPHOLE)
                .bidirectional(true)
                .merge(Recurrent.Merge.SUM)
                .returnSequences(false)
                .sequenceFirst(true)
                .build(options()));
    seeds.put(
        "sequence-model-rnn-relu",
        () ->
            new SequenceModel(
                null, Recurrent.rnn(3, 4, SimpleRnnCell.Nonlinearity.RELU).build(options()), null));
    seeds.put("gru-reset-before", () -> Recurrent.gru(3, 4, false).build(options()));
    seeds.put("mgu", () -> Recurrent.mgu(3, 4).build(options()));
    seeds.put(
        "sequence-model-embedding-gru-time-distributed",
        () ->
            new SequenceModel(
                new Embedding(10, 3, options()),
                Recurrent.gru(3, 4).build(options().bias(false)),
                new TimeDistributed(new Dense(4, 2, options()))));
    return Collections.unmodifiableMap(seeds);
  }

  @FuzzTest(maxDuration = "10m")
  void architectureJson(byte[] json) throws IOException {
    ArchitectureFuzzing.loadOrRefuse(DIR, json, BACKEND, REGISTRY, SEEDS.get("lstm"));
  }

  @Test
  void theSeedsAreTheModelJsonTheProjectWrites(@TempDir Path temp) throws IOException {
    ArchitectureFuzzing.checkSeeds(
        RecurrentJsonFuzzTest.class, "architectureJson", temp, BACKEND, REGISTRY, SEEDS);
  }
}
