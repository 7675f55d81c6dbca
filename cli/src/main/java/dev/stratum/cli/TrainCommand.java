package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.callback.Callback;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.data.Splits;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Flatten;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.SparseCrossEntropy;
import dev.stratum.nn.Loss;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.train.EarlyStopping;
import dev.stratum.train.History;
import dev.stratum.train.Metric;
import dev.stratum.train.ModelCheckpoint;
import dev.stratum.train.Monitor;
import dev.stratum.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains one of the workload models of WORKLOADS.md on Fashion-MNIST with the {@link Trainer}:
 * progress bar, validation each epoch, early stopping, checkpoints of the best model.
 */
@Command(
    name = "train",
    description =
        "Train a model on Fashion-MNIST: mlp (784-128-10), cnn (the small CNN of WORKLOADS.md) or"
            + " autoencoder (the dense autoencoder of WORKLOADS.md).")
final class TrainCommand implements Callable<Integer> {

  /** The models this command knows. */
  enum Model {
    mlp,
    cnn,
    autoencoder
  }

  @Option(
      names = "--model",
      defaultValue = "cnn",
      description = "mlp, cnn or autoencoder (default: ${DEFAULT-VALUE}).")
  Model model;

  @Option(
      names = "--data",
      defaultValue = FashionMnist.DEFAULT_FOLDER,
      description = "Folder with the four Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--limit", description = "Use only the first N training images (default: all).")
  Integer limit;

  @Option(
      names = "--optimizer",
      description =
          "Optimizer spec as JSON (default: the workload's; SGD momentum 0.9 lr 0.01 for the"
              + " classifiers, Adam lr 1e-3 for the autoencoder).")
  String optimizerSpec;

  @Option(
      names = "--patience",
      defaultValue = "3",
      description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--checkpoint",
      description = "Directory for the best model's checkpoint (default: none).")
  Path checkpoint;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed for initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", description = "Backend name (default: chosen by Backends.get()).")
  String backendName;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Backend backend = backendName == null ? Backends.get() : Backends.get(backendName);
    out.println("backend: " + backend.name() + " (" + backend.device() + ")");

    FashionMnist.Split fashion = FashionMnist.load(data);
    Dataset all = fashion.train();
    if (limit != null) {
      if (limit < 2 || limit > all.size()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--limit must be between 2 and " + all.size() + ", got " + limit);
      }
      all = all.subset(java.util.stream.IntStream.range(0, limit).toArray());
    }
    Splits.TrainValidation split = Splits.trainValidation(all, 0.1, seed, true);
    boolean autoencoder = model == Model.autoencoder;
    Dataset train = shape(split.train());
    Dataset validation = shape(split.validation());

    LayerOptions options = LayerOptions.defaults().on(backend).seed(seed);
    String optimizerJson =
        optimizerSpec != null
            ? optimizerSpec
            : autoencoder
                ? "{\"optimizer\": \"adam\", \"lr\": 1e-3}"
                : "{\"optimizer\": \"sgd\", \"lr\": 0.01, \"momentum\": 0.9}";
    int batchSize = model == Model.cnn ? 64 : 128;
    Monitor monitor = autoencoder ? Monitor.min("val_loss") : Monitor.max("val_accuracy");

    try (Sequential network = build(options);
        DataLoader trainLoader =
            DataLoader.builder(train).batchSize(batchSize).shuffle(seed).backend(backend).build();
        DataLoader validationLoader =
            DataLoader.builder(validation).batchSize(256).backend(backend).build()) {
      int[] inputShape = model == Model.cnn ? new int[] {1, 1, 28, 28} : new int[] {1, 784};
      out.println(network.summary(inputShape));
      OptimizerSpec.Built optimizer =
          OptimizerSpec.builtIn().build(optimizerJson, network.parameters());
      List<Callback> callbacks = new ArrayList<>(optimizer.callbacks());
      callbacks.add(new EarlyStopping(monitor, patience));
      if (checkpoint != null) {
        callbacks.add(ModelCheckpoint.best(checkpoint, monitor));
      }
      Loss loss = autoencoder ? new MeanSquaredError() : new SparseCrossEntropy();
      out.flush();
      History history;
      try (var opt = optimizer.optimizer()) {
        history =
            Trainer.builder()
                .model(network)
                .optimizer(opt)
                .loss(loss)
                .trainingData(trainLoader)
                .validationData(validationLoader)
                .metrics(autoencoder ? new Metric[0] : new Metric[] {Metric.accuracy()})
                .epochs(epochs)
                .callbacks(callbacks.toArray(Callback[]::new))
                .progressOutput(System.out)
                .build()
                .fit();
      }
      // the Trainer printed every epoch; say which one was best
      String metric = autoencoder ? "val_loss" : "val_accuracy";
      double[] values = history.metric(metric);
      int best = 0;
      for (int e = 1; e < values.length; e++) {
        if (autoencoder ? values[e] < values[best] : values[e] > values[best]) {
          best = e;
        }
      }
      out.printf(
          java.util.Locale.ROOT, "best epoch: %d, %s %.4f%n", best + 1, metric, values[best]);
      history.stopReason().ifPresent(reason -> out.println("stopped early: " + reason));
      if (checkpoint != null) {
        out.println("best model saved in " + checkpoint);
      }
    }
    out.flush();
    return 0;
  }

  private Dataset shape(Dataset images) {
    Dataset shaped = model == Model.cnn ? images : images.withInputShape(784);
    return model == Model.autoencoder ? shaped.inputsAsTargets() : shaped;
  }

  private Sequential build(LayerOptions o) {
    return switch (model) {
      case mlp ->
          new Sequential(new Dense(784, 128, o), new Activation.ReLU(), new Dense(128, 10, o));
      case cnn ->
          new Sequential(
              new Conv2d(1, 16, 3, 1, 1, false, o),
              new Activation.ReLU(),
              new MaxPool2d(2),
              new Conv2d(16, 32, 3, 1, 1, false, o),
              new Activation.ReLU(),
              new MaxPool2d(2),
              new Flatten(),
              new Dense(1568, 10, o));
      case autoencoder ->
          new Sequential(
              new Dense(784, 256, o),
              new Activation.ReLU(),
              new Dense(256, 64, o),
              new Activation.ReLU(),
              new Dense(64, 256, o),
              new Activation.ReLU(),
              new Dense(256, 784, o),
              new Activation.Sigmoid());
    };
  }
}
