package dev.stratum.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.data.ArrayDataset;
import dev.stratum.data.Dataset;
import dev.stratum.data.Splits;
import dev.stratum.search.HyperparameterSearch.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {

  private static final SearchSpace SPACE =
      SearchSpace.builder()
          .logUniform("lr", 1e-6, 1)
          .choice("batch_size", 32, 64)
          .intRange("width", 32, 128, 32)
          .uniform("dropout", 0, 0.5)
          .build();

  /** Best at lr = 1e-3, width = 64, dropout = 0.1; batch size is irrelevant. */
  private static double objective(Map<String, Object> c) {
    double lr = (Double) c.get("lr");
    int width = (Integer) c.get("width");
    double dropout = (Double) c.get("dropout");
    return Math.pow(Math.log10(lr) + 3, 2) + Math.pow(width - 64, 2) / 1000 + dropout;
  }

  @Test
  void gridVisitsEveryCombinationWithGeometricRates() {
    List<Map<String, Object>> grid = HyperparameterSearch.grid(SPACE, 3).candidates();
    assertThat(grid).hasSize(3 * 2 * 4 * 3);
    assertThat(grid.get(0))
        .containsExactly(
            entry("lr", 1e-6), entry("batch_size", 32), entry("width", 32), entry("dropout", 0.0));
    Set<Object> rates = new HashSet<>();
    grid.forEach(c -> rates.add(c.get("lr")));
    assertThat(rates).hasSize(3);
    assertThat(grid.get(grid.size() - 1).get("lr")).isEqualTo(1.0);
    assertThat((Double) grid.get(24).get("lr")).isCloseTo(1e-3, within(1e-15));
  }

  @Test
  void gridSearchFindsTheBestCombinationAndPrintsASortedTable(@TempDir Path dir) throws Exception {
    SearchResults results =
        HyperparameterSearch.grid(SPACE, 3).run(SearchTest::objective, 2, Direction.MINIMIZE);
    SearchResults.Trial best = results.best();
    assertThat((Double) best.config().get("lr")).isCloseTo(1e-3, within(1e-15));
    assertThat(best.config().get("width")).isEqualTo(64);
    assertThat(best.config().get("dropout")).isEqualTo(0.0);
    List<SearchResults.Trial> trials = results.trials();
    for (int i = 1; i < trials.size(); i++) {
      assertThat(trials.get(i).score()).isGreaterThanOrEqualTo(trials.get(i - 1).score());
    }
    String table = results.table();
    System.out.print(table.lines().limit(6).reduce("", (a, b) -> a + b + "\n"));
    assertThat(table.lines().findFirst().orElseThrow())
        .matches("rank +trial +lr +batch_size +width +dropout +score +seconds +error");
    assertThat(table.lines().skip(1).findFirst().orElseThrow()).startsWith("1 ");
    Path csv = dir.resolve("search.csv");
    results.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(trials.size() + 1);
    assertThat(lines.get(0))
        .isEqualTo("rank,trial,lr,batch_size,width,dropout,score,seconds,error");
    assertThat(lines.get(1)).startsWith("1," + best.index() + ",0.001");
  }

  @Test
  void randomSearchIsSeededRespectsTheParallelismAndRecordsFailures() {
    HyperparameterSearch a = HyperparameterSearch.random(SPACE, 12, 42);
    assertThat(HyperparameterSearch.random(SPACE, 12, 42).candidates()).isEqualTo(a.candidates());
    assertThat(HyperparameterSearch.random(SPACE, 12, 43).candidates())
        .isNotEqualTo(a.candidates());
    for (Map<String, Object> c : a.candidates()) {
      assertThat((Double) c.get("lr")).isBetween(1e-6, 1.0);
      assertThat((Integer) c.get("width") % 32).isZero();
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    SearchResults results =
        a.run(
            c -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                Thread.sleep(5);
                if ((Integer) c.get("width") == 128) {
                  throw new IllegalStateException("out of memory (pretend)");
                }
                return -objective(c);
              } catch (InterruptedException e) {
                throw new RuntimeException(e);
              } finally {
                running.decrementAndGet();
              }
            },
            3,
            Direction.MAXIMIZE);
    assertThat(most.get()).isBetween(1, 3);
    List<SearchResults.Trial> trials = results.trials();
    assertThat(trials).hasSize(12);
    long failed = a.candidates().stream().filter(c -> (Integer) c.get("width") == 128).count();
    assertThat(trials.subList(12 - (int) failed, 12))
        .allSatisfy(t -> assertThat(t.error()).contains("out of memory (pretend)"));
    assertThat(results.best().score())
        .isEqualTo(
            a.candidates().stream()
                .filter(c -> (Integer) c.get("width") != 128)
                .mapToDouble(c -> -objective(c))
                .max()
                .orElseThrow());
  }

  @Test
  void badSpacesAreRefused() {
    assertThatThrownBy(() -> SearchSpace.builder().logUniform("lr", 0, 1))
        .hasMessage("logUniform: needs 0 < low < high < infinity, got 0.0 and 1.0");
    assertThatThrownBy(() -> SearchSpace.builder().choice("a", 1).choice("a", 2))
        .hasMessage("search space: 'a' is declared twice");
    assertThatThrownBy(
            () -> HyperparameterSearch.random(SPACE, 2, 1).run(c -> 0.0, 0, Direction.MINIMIZE))
        .hasMessage("search: parallelism must be >= 1, got 0");
  }

  @Test
  void crossValidationAveragesTheScoresOfSplitsFolds() {
    Dataset data = ArrayDataset.of(new float[10], new int[] {1}, new float[10], new int[] {1});
    List<Splits.Fold> folds = Splits.kFold(data, 3, 1, false);
    CrossValidation.Result r = CrossValidation.evaluate(folds, f -> f.validation().size());
    assertThat(r.scores()).containsExactly(4, 3, 3);
    assertThat(r.mean()).isCloseTo(10 / 3.0, within(1e-12));
    assertThat(r.standardDeviation()).isCloseTo(Math.sqrt(2 / 9.0), within(1e-12));
    assertThatThrownBy(() -> CrossValidation.evaluate(List.of(), f -> 0.0))
        .hasMessage("cross-validation: no folds given");
  }
}
