package dev.stratum.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.SampleArray;
import dev.stratum.data.Splits;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Dropout;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.optimizers.AdamW;
import dev.stratum.search.CrossValidation;
import dev.stratum.search.HyperparameterSearch;
import dev.stratum.search.SearchResults;
import dev.stratum.search.SearchSpace;
import dev.stratum.search.TrainingObjective;
import dev.stratum.search.TrainingObjective.Candidate;
import dev.stratum.tensor.Generator;
import dev.stratum.testing.Blobs;
import dev.stratum.train.Metric;
import dev.stratum.train.Monitor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hyper-parameter search connected to the training loop: random search over the space of issue 5
 * (learning rate log-uniform in [1e-6, 1], batch size, hidden width, dropout, weight decay), each
 * candidate trained with the Trainer and early stopping, two at a time on the same backend; and
 * k-fold cross-validation through the same objective.
 */
class SearchEndToEndTest {

  static final SearchSpace SPACE =
      SearchSpace.builder()
          .logUniform("lr", 1e-6, 1)
          .choice("batch_size", 16, 32)
          .intRange("width", 8, 32, 8)
          .uniform("dropout", 0, 0.3)
          .choice("weight_decay", 0.0, 1e-4)
          .build();

  static List<String> backends() {
    return Backends.availableNames();
  }

  /** Three Gaussian blobs in 4 dimensions: 240 samples. */
  static Dataset blobs() {
    Blobs blobs = Blobs.generate(240, 4, 3, 21);
    int[] labels = new int[240];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) blobs.labels()[i];
    }
    return ArrayDataset.classification(SampleArray.floats(blobs.inputs(), 4), labels);
  }

  /** A fresh model, optimizer and loaders for one configuration; everything seeded. */
  static Candidate candidate(
      Backend backend, Map<String, Object> config, Dataset train, Dataset validation) {
    int width = (Integer) config.get("width");
    LayerOptions options = LayerOptions.defaults().on(backend).seed(3);
    Sequential model =
        new Sequential(
            new Dense(4, width, options),
            new Activation.ReLU(),
            new Dropout(1 - (Double) config.get("dropout"), new Generator(4)),
            new Dense(width, 3, options));
    AdamW optimizer =
        new AdamW(
            model.parameters(), (Double) config.get("lr"), (Double) config.get("weight_decay"));
    return new Candidate(
        model,
        optimizer,
        new SparseCrossEntropy(),
        DataLoader.builder(train)
            .batchSize((Integer) config.get("batch_size"))
            .shuffle(1)
            .backend(backend)
            .build(),
        DataLoader.builder(validation).batchSize(64).backend(backend).build());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void randomSearchTrainsEachCandidateAndPrintsItsTableBestFirst(String name) {
    Backend backend = Backends.get(name);
    Splits.TrainValidation split = Splits.trainValidation(blobs(), 0.25, 7, true);
    TrainingObjective objective =
        new TrainingObjective(
            config -> candidate(backend, config, split.train(), split.validation()),
            Monitor.min("val_loss"),
            15,
            2);

    HyperparameterSearch search = HyperparameterSearch.random(SPACE, 6, 42);
    SearchResults results = search.run(objective, 2);
    results.print(System.out);

    List<SearchResults.Trial> trials = results.trials();
    assertThat(trials).hasSize(6);
    assertThat(trials).allMatch(SearchResults.Trial::succeeded);
    double[] scores = trials.stream().mapToDouble(SearchResults.Trial::score).toArray();
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    assertThat(scores).containsExactly(sorted);
    assertThat(results.best()).isSameAs(trials.get(0));
    // ln 3 = 1.0986 is the cross-entropy of a uniform guess; the blobs are nearly separable
    assertThat(results.best().score()).isLessThan(0.5);
    assertThat((Double) results.best().config().get("lr")).isBetween(1e-6, 1.0);
    assertThat(trials.stream().map(SearchResults.Trial::index))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);

    String[] table = results.table().split("\\R");
    assertThat(table).hasSize(7);
    assertThat(table[0].split(" +"))
        .containsExactly(
            "rank",
            "trial",
            "lr",
            "batch_size",
            "width",
            "dropout",
            "weight_decay",
            "score",
            "seconds",
            "error");
    assertThat(table[1]).startsWith("1 ");
    String[] csv = results.toCsv().split("\n");
    assertThat(csv).hasSize(7);
    assertThat(csv[0])
        .isEqualTo("rank,trial,lr,batch_size,width,dropout,weight_decay,score,seconds,error");
    String[] best = csv[1].split(",", -1);
    assertThat(best[0]).isEqualTo("1");
    assertThat(Double.parseDouble(best[2])).isEqualTo(results.best().config().get("lr"));
    assertThat(Double.parseDouble(best[7])).isEqualTo(results.best().score());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void kFoldCrossValidationGoesThroughTheSameObjective(String name) {
    Backend backend = Backends.get(name);
    Map<String, Object> config =
        Map.of("lr", 1e-2, "batch_size", 16, "width", 16, "dropout", 0.1, "weight_decay", 0.0);
    Dataset data = blobs();
    TrainingObjective objective =
        new TrainingObjective(
            c -> candidate(backend, c, data, data),
            Monitor.max("val_accuracy"),
            10,
            2,
            Metric.accuracy());

    List<Splits.Fold> folds = Splits.kFold(data, 3, 5, true);
    CrossValidation.Result result =
        objective.crossValidate(
            folds, fold -> candidate(backend, config, fold.train(), fold.validation()));
    System.out.printf(
        "3-fold accuracy on %s: %s, mean %.3f ± %.3f%n",
        name, Arrays.toString(result.scores()), result.mean(), result.standardDeviation());
    assertThat(result.scores()).hasSize(3);
    assertThat(Arrays.stream(result.scores()).boxed().toList()).allMatch(s -> s > 0.9 && s <= 1);
    assertThat(result.mean()).isEqualTo(Arrays.stream(result.scores()).average().orElseThrow());
  }
}
