package dev.stratum.train;

import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TrainingStep} reports for one batch: named parts of its objective, each one number,
 * with {@code "loss"} among them, and optionally the model's prediction so that the Trainer can
 * compute its {@link Metric}s against the batch's targets.
 *
 * @param parts the parts in the order they are reported; {@code "loss"} is required
 * @param prediction what the metrics compare with the targets, or {@code null} for no metrics
 */
public record StepResult(Map<String, Tensor> parts, Tensor prediction) {

  /** The name of the part that the Trainer reports as the batch's loss. */
  public static final String LOSS = "loss";

  /** Checks that {@code "loss"} is present and that every part is one number. */
  public StepResult {
    Objects.requireNonNull(parts, "parts");
    if (!parts.containsKey(LOSS)) {
      throw new IllegalArgumentException(
          "training step: the result must have a part named \"loss\", got " + parts.keySet());
    }
    for (Map.Entry<String, Tensor> part : parts.entrySet()) {
      Tensor value = Objects.requireNonNull(part.getValue(), "part " + part.getKey());
      if (value.size() != 1) {
        throw new IllegalArgumentException(
            "training step: the part \""
                + part.getKey()
                + "\" must be one number, got shape "
                + Arrays.toString(value.shape())
                + " (use a MEAN or SUM reduction)");
      }
    }
    parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  /** Just a loss. */
  public static StepResult of(Tensor loss) {
    return new StepResult(Map.of(LOSS, loss), null);
  }

  /** A loss and named parts: {@code of(total, "reconstruction", r, "kl", kl)}. */
  public static StepResult of(Tensor loss, Object... namesAndParts) {
    if (namesAndParts.length % 2 != 0) {
      throw new IllegalArgumentException(
          "training step: parts come as name, tensor pairs, got "
              + namesAndParts.length
              + " arguments");
    }
    Map<String, Tensor> parts = new LinkedHashMap<>();
    parts.put(LOSS, loss);
    for (int i = 0; i < namesAndParts.length; i += 2) {
      if (!(namesAndParts[i] instanceof String name)
          || !(namesAndParts[i + 1] instanceof Tensor part)) {
        throw new IllegalArgumentException(
            "training step: argument "
                + i
                + " must be a name and argument "
                + (i + 1)
                + " a tensor");
      }
      if (parts.put(name, part) != null) {
        throw new IllegalArgumentException(
            "training step: the part \"" + name + "\" is given twice");
      }
    }
    return new StepResult(parts, null);
  }

  /** The same parts with the prediction the metrics should see. */
  public StepResult withPrediction(Tensor prediction) {
    return new StepResult(parts, prediction);
  }

  /** The {@code "loss"} part. */
  public Tensor loss() {
    return parts.get(LOSS);
  }
}
