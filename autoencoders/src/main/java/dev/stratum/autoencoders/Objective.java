package dev.stratum.autoencoders;

import dev.stratum.tensor.Tensor;
import dev.stratum.train.StepResult;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One batch's objective of an autoencoder: the reconstruction error {@code L} and the kind's named
 * penalties, each one differentiable number, with the output and the code they came from.
 *
 * @param reconstruction {@code L(g(f(x)), target)}
 * @param penalties the terms of {@code Ω}, in the order reported ({@code "sparsity"}, {@code
 *     "contractive"}, ...); empty for the plain kind
 * @param output the reconstruction {@code g(f(x))}
 * @param code the code {@code f(x)}
 */
public record Objective(
    Tensor reconstruction, Map<String, Tensor> penalties, Tensor output, Tensor code) {

  /** Checks that every part is one number and that no penalty is named {@code "loss"}. */
  public Objective {
    Objects.requireNonNull(reconstruction, "reconstruction");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(code, "code");
    checkScalar("the reconstruction loss", reconstruction);
    penalties = Collections.unmodifiableMap(new LinkedHashMap<>(penalties));
    for (Map.Entry<String, Tensor> e : penalties.entrySet()) {
      if (e.getKey().equals(StepResult.LOSS)) {
        throw new IllegalArgumentException(
            "autoencoder objective: a penalty may not be named \"loss\", the reconstruction's part");
      }
      checkScalar("the penalty \"" + e.getKey() + "\"", e.getValue());
    }
  }

  /** What the step minimises: {@code L + Σ penalties}. */
  public Tensor total() {
    Tensor total = reconstruction;
    for (Tensor penalty : penalties.values()) {
      total = total.add(penalty.reshape(total.shape()));
    }
    return total;
  }

  /**
   * The parts the Trainer reports: {@code "loss"} (the reconstruction error alone), then each
   * penalty under its name; the prediction is the output, for metrics.
   */
  public StepResult toStepResult() {
    Map<String, Tensor> parts = new LinkedHashMap<>();
    parts.put(StepResult.LOSS, reconstruction);
    parts.putAll(penalties);
    return new StepResult(parts, output);
  }

  private static void checkScalar(String what, Tensor t) {
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          "autoencoder objective: "
              + what
              + " must be one number, got shape "
              + Arrays.toString(t.shape())
              + " (use a MEAN or SUM reduction)");
    }
  }
}
