package dev.stratum.autoencoders.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.ArrayDataset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The measures on hand-worked values. */
class MeasuresTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  private static Features rows(int dimension, int[] labels, float... values) {
    return new Features(values, values.length / dimension, dimension, labels);
  }

  @Test
  void rocAucCountsOrderedPairsAndHalvesTies() {
    // positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of the 4 pairs are ordered
    assertThat(
            RocAuc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
        .isEqualTo(0.75);
    // a tie counts one half: positives 1 and 2 against the negative 1: (0.5 + 1) / 2
    assertThat(RocAuc.of(new double[] {1, 1, 2}, new boolean[] {true, false, true}))
        .isEqualTo(0.75);
    assertThat(RocAuc.of(new double[] {3, 4, 1, 2}, new boolean[] {true, true, false, false}))
        .isEqualTo(1.0);
    assertThat(RocAuc.of(new double[] {3, 4, 1, 2}, new boolean[] {false, false, true, true}))
        .isEqualTo(0.0);
    // every score equal: chance
    assertThat(RocAuc.of(new double[] {5, 5, 5}, new boolean[] {true, false, false}))
        .isEqualTo(0.5);
    // by class: class 2 is the positive one
    assertThat(RocAuc.of(new double[] {0.1, 0.9, 0.2}, new int[] {0, 2, 1}, 2)).isEqualTo(1.0);
    assertThatThrownBy(() -> RocAuc.of(new double[] {1, 2}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ROC AUC: needs positives and negatives, got 2 positives and 0 negatives");
    assertThatThrownBy(() -> RocAuc.of(new double[] {Double.NaN, 2}, new boolean[] {true, false}))
        .hasMessage("ROC AUC: score 0 is NaN");
  }

  @Test
  void rocAucEqualsTheCountOfPairsOnRandomScoresWithTies() {
    Random r = new Random(5);
    int n = 300;
    double[] s = new double[n];
    boolean[] p = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextInt(20); // many ties
      p[i] = r.nextInt(3) == 0;
    }
    double pairs = 0;
    long count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (p[i] && !p[j]) {
          pairs += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          count++;
        }
      }
    }
    assertThat(RocAuc.of(s, p)).isCloseTo(pairs / count, within(1e-12));
  }

  @Test
  void psnrOfAKnownError() {
    // every pixel off by 0.1: MSE 0.01, PSNR 10·log10(1 / 0.01) = 20 dB
    float[] clean = {0, 0.5f, 1, 0.25f};
    float[] off = {0.1f, 0.4f, 0.9f, 0.35f};
    assertThat(Psnr.of(clean, off, 1)).isCloseTo(20, within(1e-5));
    assertThat(Psnr.of(clean, clean, 1)).isEqualTo(Double.POSITIVE_INFINITY);
    // over rows: the mean of 20 dB and 40 dB (off by 0.01)
    Features reference = rows(2, null, 0, 0, 0, 0);
    Features images = rows(2, null, 0.1f, 0.1f, 0.01f, -0.01f);
    assertThat(Psnr.mean(reference, images, 1)).isCloseTo(30, within(1e-4));
  }

  @Test
  void nearestNeighboursVoteAndBreakTiesByTheNearest() {
    // train points on a line: 0 (class 0), 1 (class 0), 2 (class 1), 10 (class 1), 11 (class 2)
    Features train = rows(1, new int[] {0, 0, 1, 1, 2}, 0, 1, 2, 10, 11);
    // 0.4: neighbours 0, 1, 2 → classes 0, 0, 1 → 0; 9: 10, 11, 2 → 1, 2, 1 → 1
    Features test = rows(1, new int[] {0, 1}, 0.4f, 9);
    assertThat(NearestNeighbours.accuracy(train, test, 3)).isEqualTo(1.0);
    // k = 2 at 10.6: neighbours 11 (class 2) and 10 (class 1) tie 1–1: the nearest, 11, wins
    assertThat(NearestNeighbours.accuracy(train, rows(1, new int[] {2}, 10.6f), 2)).isEqualTo(1.0);
    assertThat(NearestNeighbours.accuracy(train, rows(1, new int[] {1}, 10.6f), 2)).isEqualTo(0.0);
    assertThatThrownBy(() -> NearestNeighbours.accuracy(train, test, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k-NN: k must be in [1, 5], got 6");
  }

  @Test
  void hammingRetrievalTakesTheNearestCodesInDatabaseOrder() {
    // 3-bit codes (threshold 0.5, bit j = value j): 000 (class 0), 001 (0), 111 (1), 110 (1), 011
    // (0)
    Features database =
        rows(3, new int[] {0, 0, 1, 1, 0}, 0, 0, 0, 0.9f, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0);
    HammingRetrieval index = HammingRetrieval.database(database, 0.5);
    assertThat(index.bits()).isEqualTo(3);
    assertThat(HammingRetrieval.pack(database, 0.5))
        .containsExactly(0b000, 0b001, 0b111, 0b110, 0b011);
    // query 000 of class 0: distances 0, 1, 3, 2, 2 → nearest two: items 0, 1 (both class 0)
    Features query = rows(3, new int[] {0}, 0.1f, 0.2f, 0.3f);
    assertThat(index.precisionAt(query, 0.5, 2)).isEqualTo(1.0);
    // k = 3: the distance-2 bucket (items 3 and 4) is cut, item 3 (class 1) first: 2 of 3
    assertThat(index.precisionAt(query, 0.5, 3)).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(index.precisionAt(query, 0.5, 5)).isCloseTo(3 / 5.0, within(1e-12));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void featuresMapADataSetInBatchesAndTheProbeSeparatesBlobs(String name) {
    Backend b = Backends.get(name);
    Random r = new Random(2);
    int n = 120;
    float[] x = new float[n * 3];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      y[i] = c;
      for (int j = 0; j < 3; j++) {
        x[i * 3 + j] = (j == c ? 4 : 0) + (float) r.nextGaussian() * 0.3f;
      }
    }
    ArrayDataset data = ArrayDataset.of(x, new int[] {3}, y, new int[] {});
    Features doubled = Features.of(data, t -> t.mul(2f), b, 7);
    assertThat(doubled.count()).isEqualTo(n);
    assertThat(doubled.dimension()).isEqualTo(3);
    assertThat(doubled.get(41, 2)).isEqualTo(2 * x[41 * 3 + 2]);
    assertThat(doubled.labels()[41]).isEqualTo(2);
    Features raw = Features.inputs(data);
    assertThat(raw.values()).containsExactly(x);
    Features train = raw.rows(java.util.stream.IntStream.range(0, 90).toArray());
    Features test = raw.rows(java.util.stream.IntStream.range(90, 120).toArray());
    assertThat(new LinearProbe(30, 10, 1e-1, 1).accuracy(train, test, 3, b)).isEqualTo(1.0);
  }
}
