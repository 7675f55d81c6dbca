package dev.stratum.cli.run;

import dev.stratum.backend.Backend;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.data.Batch;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.Metric;
import dev.stratum.train.StepResult;
import dev.stratum.train.TrainingStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model's figures on a whole data set (the test set, usually): every part its kind's step
 * reports and every metric, as per-sample means, the way the Trainer reports validation.
 */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Evaluates {@code model} on {@code data} (already {@linkplain ModelKind#prepare prepared}); the
   * keys are the step's parts and the metrics' names after {@code prefix}.
   *
   * @param optimizer the one the kind's step is built with; evaluation never calls it
   */
  public static Map<String, Double> run(
      ModelKind kind,
      Layer model,
      Optimizer optimizer,
      Dataset data,
      Backend backend,
      int batchSize,
      String prefix) {
    TrainingStep step = kind.step(model, optimizer);
    List<Metric> metrics = kind.metrics();
    Map<String, Double> sums = new LinkedHashMap<>();
    double[] metricSums = new double[metrics.size()];
    long samples = 0;
    boolean training = model.isTraining();
    model.train(false);
    try (DataLoader loader = new DataLoader(data, batchSize, backend);
        NoGrad off = Autograd.noGrad()) {
      for (Batch b : loader) {
        try (TensorScope scope = TensorScope.open();
            Batch batch = b) {
          StepResult result = step.evaluate(batch);
          int n = batch.size();
          result
              .parts()
              .forEach((name, value) -> sums.merge(name, (double) value.item() * n, Double::sum));
          for (int i = 0; i < metrics.size(); i++) {
            metricSums[i] += metrics.get(i).batchTotal(result.prediction(), batch.targets()).item();
          }
          samples += n;
        }
      }
    } finally {
      model.train(training);
    }
    if (samples == 0) {
      throw new IllegalArgumentException("evaluation: the data set is empty");
    }
    Map<String, Double> results = new LinkedHashMap<>();
    long count = samples;
    sums.forEach((name, sum) -> results.put(prefix + name, sum / count));
    for (int i = 0; i < metrics.size(); i++) {
      results.put(prefix + metrics.get(i).name(), metricSums[i] / count);
    }
    return results;
  }
}
