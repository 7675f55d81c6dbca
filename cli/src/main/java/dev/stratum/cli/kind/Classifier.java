package dev.stratum.cli.kind;

import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.train.Metric;
import dev.stratum.train.Monitor;
import dev.stratum.train.SupervisedStep;
import dev.stratum.train.TrainingStep;
import java.util.List;
import java.util.Optional;

/**
 * What the classifiers share: softmax cross-entropy on the logits against the class index,
 * accuracy, the best checkpoint by validation accuracy, and SGD with momentum (the workloads of
 * WORKLOADS.md). A classifier names itself, its input shape and its network ({@link Mlp}, {@link
 * Cnn}, {@link RecurrentClassifier}).
 */
abstract class Classifier implements ModelKind {

  @Override
  public TrainingStep step(Layer model, Optimizer optimizer) {
    return new SupervisedStep(model, new SparseCrossEntropy(), optimizer, List.of());
  }

  @Override
  public List<Metric> metrics() {
    return List.of(Metric.accuracy());
  }

  @Override
  public Optional<Monitor> monitor() {
    return Optional.of(Monitor.max("val_accuracy"));
  }

  @Override
  public String defaultOptimizer() {
    return "{\"optimizer\": \"sgd\", \"lr\": 0.01, \"momentum\": 0.9}";
  }

  @Override
  public String describe(String metric) {
    return switch (metric) {
      case "loss" -> "cross-entropy";
      case "accuracy" -> "accuracy (fraction correct)";
      default -> metric;
    };
  }
}
