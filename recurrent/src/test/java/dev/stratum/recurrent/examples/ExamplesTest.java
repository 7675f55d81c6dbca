package dev.stratum.recurrent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.train.History;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end examples, small enough for a test: each must learn clearly (figures of the full
 * runs are in recurrent/README.md).
 */
class ExamplesTest {

  static String text() throws Exception {
    try (var in = ExamplesTest.class.getResourceAsStream("/text/sqlite-comments.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /**
   * The entropy of the text's character frequencies, in bits: what a model without context gets.
   */
  static double unigramBits(String text) {
    Map<Character, Integer> counts = new HashMap<>();
    for (char c : text.toCharArray()) {
      counts.merge(c, 1, Integer::sum);
    }
    double bits = 0;
    for (int n : counts.values()) {
      double p = (double) n / text.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }

  @Test
  void theCharacterModelBeatsCharacterFrequenciesAndSamples() throws Exception {
    Backend backend = Backends.get();
    String text = text();
    String train = text.substring(0, 24_000);
    String validation = text.substring(180_000, 186_000);
    try (CharLanguageModel lm = new CharLanguageModel(backend, text, 16, 96, 1)) {
      History history = lm.fit(train, validation, 16, 100, 25, 3, 3e-3);
      double[] val = history.metric("val_loss");
      double bits = CharLanguageModel.bitsPerCharacter(val[val.length - 1]);
      double unigram = unigramBits(train);
      // about 4.3 bits without context; a model that has learned common words gets well below
      assertThat(bits).isLessThan(unigram - 0.8);
      assertThat(val[val.length - 1]).isLessThan(val[0]);
      String sample = lm.sample("The ", 80, 0.7, 3);
      assertThat(sample).hasSize(80);
      assertThat(sample.chars()).allMatch(c -> lm.vocabulary().indexOf(c) >= 0);
      // near-zero temperature is greedy: the same text every time
      assertThat(lm.sample("The ", 40, 1e-3, 4)).isEqualTo(lm.sample("The ", 40, 1e-3, 5));
    }
  }

  @Test
  void theEncoderDecoderLearnsToReverseDigits() {
    Backend backend = Backends.get();
    try (ReverseDigits model = new ReverseDigits(backend, 4, 64, 2)) {
      double before = model.accuracy(500, 9);
      model.train(600, 64, 1e-2, 3);
      double after = model.accuracy(500, 9);
      // chance is 1e-4 for four digits
      assertThat(before).isLessThan(0.05);
      assertThat(after).isGreaterThan(0.8);
    }
  }
}
