package dev.stratum.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Trainer#fit()} returns: the metrics of each finished epoch, in order (epoch 1 first),
 * and why training stopped early, if it did. Each map holds {@code "loss"}, every other part the
 * {@link TrainingStep} reported ({@code "penalty"} when penalty terms are set; {@code "kl"} and the
 * like for a step of one's own), the configured metrics, and their {@code "val_"} forms when there
 * is validation data.
 */
public record History(List<Map<String, Double>> epochs, Optional<String> stopReason) {

  /** Copies the list and each map, keeping the order of the keys. */
  public History {
    epochs = epochs.stream().map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
    stopReason = Objects.requireNonNull(stopReason, "stopReason");
  }

  /** The metrics of epoch {@code epoch} (counted from 1). */
  public Map<String, Double> epoch(int epoch) {
    if (epoch < 1 || epoch > epochs.size()) {
      throw new IndexOutOfBoundsException(
          "history: epoch " + epoch + " is not in 1.." + epochs.size());
    }
    return epochs.get(epoch - 1);
  }

  /** The metrics of the last epoch. */
  public Map<String, Double> last() {
    return epoch(epochs.size());
  }

  /** One metric over the epochs; NaN where an epoch lacks it. */
  public double[] metric(String name) {
    return epochs.stream().mapToDouble(m -> m.getOrDefault(name, Double.NaN)).toArray();
  }
}
