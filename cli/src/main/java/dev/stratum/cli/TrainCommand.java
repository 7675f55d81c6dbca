package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.callback.Callback;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import dev.stratum.cli.kind.ModelSettings;
import dev.stratum.cli.kind.Trained;
import dev.stratum.cli.picture.MetricCurves;
import dev.stratum.cli.picture.Picture;
import dev.stratum.cli.report.RunReport;
import dev.stratum.cli.run.DivergenceGuard;
import dev.stratum.cli.run.Evaluation;
import dev.stratum.cli.run.FashionMnistSource;
import dev.stratum.cli.run.RunConfig;
import dev.stratum.cli.run.RunFolder;
import dev.stratum.cli.run.RunRecorder;
import dev.stratum.cli.run.StepTimes;
import dev.stratum.cli.run.TrainingDivergedException;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.Splits;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.nn.Layer;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.spec.OptimizerSpec;
import dev.stratum.train.EarlyStopping;
import dev.stratum.train.History;
import dev.stratum.train.Metric;
import dev.stratum.train.Monitor;
import dev.stratum.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains a model kind ({@link ModelKinds}) on Fashion-MNIST into a run folder ({@link RunFolder}):
 * every option is checked before any data is loaded; the Trainer draws its progress bar in a
 * terminal (a line per epoch otherwise); after each epoch the history and the {@code best} and
 * {@code last} checkpoints are saved; a diverging loss stops the run with the epoch and step; at
 * the end the best weights are evaluated on the test set, the pictures drawn and {@code
 * report.html} written.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model on Fashion-MNIST; write its checkpoints, pictures and report.html into a run"
          + " folder.",
      "Models: mlp, cnn and recurrent (classifiers); autoencoder, sparse-autoencoder,"
          + " denoising-autoencoder, contractive-autoencoder, conv-autoencoder and vae (autoencoders);"
          + " gan (cli/README.md describes each and its options)."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "autoencoder",
      converter = ModelOption.class,
      completionCandidates = ModelOption.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ModelKind kind;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Epochs to train (default: 5; with --resume, the run's own, or more).")
  Integer epochs;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder with the four Fashion-MNIST IDX files (default: the full set of Debian's"
              + " dataset-fashion-mnist if installed, else the 1,000-image subset inside the tool).")
  Path data;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Use only the first N training images (default: all).")
  Integer limit;

  @Option(
      names = "--exclude-classes",
      paramLabel = "CLASSES",
      split = ",",
      description =
          "Leave these classes (names or indices 0-9, comma-separated) out of the training images,"
              + " so that 'stratum anomaly --anomalous CLASSES' finds them (default: none).")
  List<String> excludeClasses;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "Training batch size (default: 128; 64 for cnn, recurrent, conv-autoencoder and gan).")
  Integer batchSize;

  @Option(
      names = "--optimizer",
      paramLabel = "JSON",
      description =
          "Optimizer spec, e.g. '{\"optimizer\": \"adam\", \"lr\": 1e-3}' (default: SGD with"
              + " momentum 0.9 and lr 0.01 for mlp and cnn, Adam with lr 2e-4 and beta1 0.5 for"
              + " each player of the gan, Adam with lr 1e-3 for the others).")
  String optimizerSpec;

  @Mixin ModelSettingsOptions modelSettings;

  @Option(
      names = "--patience",
      paramLabel = "N",
      defaultValue = "3",
      description = "Stop after N epochs without improvement (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of initialisation, split and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "Folder for the run (default: runs/MODEL-DATE-TIME).")
  Path runDir;

  @Option(names = "--overwrite", description = "Replace the run already in --run-dir.")
  boolean overwrite;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue the run in DIR from its last epoch, with its own settings (--epochs may raise"
              + " the total).")
  Path resume;

  @Option(
      names = "--step-times",
      paramLabel = "FILE",
      description =
          "Write the wall-clock time of every training step to FILE (CSV: step, epoch, ms since"
              + " the JVM started, ms since 1970, the step's own ms), for measuring start-up.")
  Path stepTimes;

  @Mixin BackendOption backendOption;

  @CommandLine.ParentCommand StratumCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final int DEFAULT_EPOCHS = 5;
  static final double VALIDATION_FRACTION = 0.1;

  /** Options that a resumed run takes from its run.json instead. */
  private static final List<String> FIXED_BY_RESUME =
      List.of(
          "--model",
          "--data",
          "--limit",
          "--exclude-classes",
          "--batch-size",
          "--optimizer",
          "--patience",
          "--seed",
          "--run-dir",
          "--overwrite");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Plan plan = plan(); // 1. every option, before anything is loaded
    ModelKind model = plan.model();
    Backend backend = backendOption.choose(out, err);
    LayerOptions options = LayerOptions.defaults().on(backend).seed(plan.config().seed());
    try (Layer network = model.build(options, plan.settings())) {
      OptimizerSpec.Built built =
          checked("--optimizer", () -> model.optimizer(network, plan.config().optimizer()));
      try (Optimizer optimizer = built.optimizer()) {
        RunFolder folder = plan.resumed() != null ? plan.resumed() : newFolder(model);
        List<Map<String, Double>> earlier;
        FashionMnistSource.Loaded loaded;
        Dataset all;
        try {
          earlier = restore(plan, folder, network, optimizer);
          loaded = FashionMnistSource.load(plan.config().data()); // 2. the data
          out.println("data: " + loaded.description());
          all = trainingImages(plan.config(), loaded, out);
        } catch (IOException | RuntimeException e) {
          if (plan.resumed() == null) {
            folder.discardIfEmpty(); // a new run that failed before training leaves nothing
          }
          throw e;
        }
        folder.writeConfig(plan.config());
        out.println("run folder: " + folder.root().toAbsolutePath());
        if (network instanceof Sequential sequential) {
          int[] shape = new int[model.inputShape().length + 1];
          shape[0] = 1;
          System.arraycopy(model.inputShape(), 0, shape, 1, model.inputShape().length);
          out.println(sequential.summary(shape));
        }
        out.flush();
        Monitor monitor = model.monitor().orElse(null);
        Run run =
            new Run(
                plan,
                network,
                optimizer,
                backend,
                folder,
                loaded,
                monitor,
                new RunRecorder(folder, monitor, earlier));
        Outcome outcome = fit(run, built, all); // 3. training
        Path report = report(run, outcome, out); // 4. the test set, the pictures, the report
        if (outcome.diverged() != null) {
          out.println("report: " + report.toAbsolutePath());
          out.flush();
          throw outcome.diverged();
        }
        outcome.status().lines().filter(s -> s.startsWith("Stopped")).forEach(out::println);
        out.println("best model saved in " + folder.best().toAbsolutePath());
        out.println("report: " + report.toAbsolutePath());
      }
    }
    out.flush();
    return 0;
  }

  /**
   * What a run is to do: its settings from the options, or from the run folder it resumes ({@code
   * resumed}, null for a new run) with the epochs it has already trained ({@code done}).
   */
  private record Plan(
      RunFolder resumed, RunConfig config, int done, ModelKind model, ModelSettings settings) {}

  /** One run's parts, from its model to its recorder, for {@link #fit} and {@link #report}. */
  private record Run(
      Plan plan,
      Layer network,
      Optimizer optimizer,
      Backend backend,
      RunFolder folder,
      FashionMnistSource.Loaded loaded,
      Monitor monitor,
      RunRecorder recorder) {}

  /** How training ended: the report's status line, and the divergence that ended it, if one did. */
  private record Outcome(String status, TrainingDivergedException diverged) {}

  /** Checks every option (and, with {@code --resume}, the run folder) before anything is loaded. */
  private Plan plan() throws IOException {
    if (stepTimes != null && Files.isDirectory(stepTimes)) {
      throw bad("--step-times " + stepTimes + " is a folder; give the name of a file to write");
    }
    RunFolder folder = null;
    RunConfig config;
    int done = 0;
    if (resume != null) {
      List<String> conflicting =
          java.util.stream.Stream.concat(FIXED_BY_RESUME.stream(), ModelSettings.options().stream())
              .filter(spec.commandLine().getParseResult()::hasMatchedOption)
              .toList();
      if (!conflicting.isEmpty()) {
        throw bad(
            "--resume continues the run with the settings in its "
                + RunFolder.CONFIG
                + "; drop "
                + String.join(", ", conflicting));
      }
      folder = RunFolder.existing(resume);
      RunConfig saved = folder.readConfig();
      done = folder.epochsDone();
      config = epochs != null ? saved.withEpochs(epochs) : saved;
      if (done >= config.epochs()) {
        throw bad(
            "the run in "
                + resume
                + " has already trained "
                + done
                + " of its "
                + config.epochs()
                + " epochs; pass --epochs N with N above "
                + done
                + " to train longer");
      }
    } else {
      config = newConfig();
    }
    ModelKind model = checked(() -> ModelKinds.named(config.model()));
    ModelSettings settings = checked(config::settings);
    checked(() -> model.check(settings));
    FashionMnistSource.check(config.data());
    return new Plan(folder, config, done, model, settings);
  }

  /** The folder of a new run: {@code --run-dir}, or a new one under {@code runs/}. */
  private RunFolder newFolder(ModelKind model) throws IOException {
    try {
      return RunFolder.create(runDir != null ? runDir : defaultRunDir(model), overwrite);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  /**
   * A resumed run's last checkpoint loaded into {@code network} and {@code optimizer}, and the
   * history of its epochs so far; nothing for a new run.
   */
  private static List<Map<String, Double>> restore(
      Plan plan, RunFolder folder, Layer network, Optimizer optimizer) throws IOException {
    if (plan.done() == 0) {
      return List.of();
    }
    Checkpoint.load(folder.last(), network, optimizer);
    List<Map<String, Double>> history = folder.readHistory();
    return history.subList(0, Math.min(plan.done(), history.size()));
  }

  /** The training split, less the excluded classes, cut to {@code --limit}. */
  private Dataset trainingImages(
      RunConfig config, FashionMnistSource.Loaded loaded, PrintWriter out) {
    Dataset all = loaded.split().train();
    if (!config.excludedClasses().isEmpty()) {
      all = withoutClasses(all, config.excludedClasses());
      out.printf(
          Locale.ROOT,
          "training on the %,d images of the other classes (without %s)%n",
          all.size(),
          FashionClasses.names(new java.util.TreeSet<>(config.excludedClasses())));
    }
    if (config.limit() != null) {
      if (config.limit() > all.size()) {
        throw bad("--limit must be between 2 and " + all.size() + ", got " + config.limit());
      }
      all = all.subset(IntStream.range(0, config.limit()).toArray());
    }
    return all;
  }

  /**
   * Trains on {@code all} less the validation share, with the divergence guard, the optimizer's own
   * callbacks, early stopping where a metric ranks the epochs, the recorder and {@code
   * --step-times}; a divergence ends the run but is returned, so that the report is still written.
   */
  private Outcome fit(Run run, OptimizerSpec.Built built, Dataset all) throws IOException {
    RunConfig config = run.plan().config();
    ModelKind model = run.plan().model();
    Splits.TrainValidation split =
        Splits.trainValidation(all, VALIDATION_FRACTION, config.seed(), true);
    List<Callback> callbacks = new ArrayList<>();
    callbacks.add(
        new DivergenceGuard(
            "Lower the learning rate with --optimizer (now " + config.optimizer() + ")."));
    callbacks.addAll(built.callbacks());
    if (run.monitor() != null) {
      callbacks.add(new EarlyStopping(run.monitor(), config.patience()));
    }
    callbacks.add(run.recorder());
    if (stepTimes != null) {
      callbacks.add(new StepTimes(stepTimes));
    }
    try (DataLoader trainLoader =
            model
                .trainingLoader(run.network(), model.prepare(split.train()))
                .batchSize(config.batchSize())
                .shuffle(config.seed())
                .backend(run.backend())
                .build();
        DataLoader validationLoader =
            DataLoader.builder(model.prepare(split.validation()))
                .batchSize(256)
                .backend(run.backend())
                .build()) {
      History history =
          Trainer.builder()
              .model(run.network())
              .optimizer(run.optimizer())
              .step(model.step(run.network(), run.optimizer()))
              .metrics(model.metrics().toArray(Metric[]::new))
              .trainingData(trainLoader)
              .validationData(validationLoader)
              .epochs(config.epochs())
              .initialEpoch(run.plan().done())
              .callbacks(callbacks.toArray(Callback[]::new))
              .progressOutput(root.progress())
              .build()
              .fit();
      root.progress().flush();
      int epochsRun = run.recorder().history().size();
      String status =
          history
              .stopReason()
              .map(reason -> "Stopped early after epoch " + epochsRun + ": " + reason + ".")
              .orElse("Finished all " + epochsRun + " epochs.");
      return new Outcome(status, null);
    } catch (TrainingDivergedException e) {
      root.progress().flush();
      return new Outcome("Diverged: " + e.getMessage(), e);
    }
  }

  /**
   * Evaluates the best weights on the test set (when an epoch finished), draws the pictures, prints
   * the figures and writes {@code report.html}; returns the report's path.
   */
  private static Path report(Run run, Outcome outcome, PrintWriter out) throws IOException {
    ModelKind model = run.plan().model();
    RunRecorder recorder = run.recorder();
    RunFolder folder = run.folder();
    Map<String, String> figures = new LinkedHashMap<>();
    List<Picture> pictures = new ArrayList<>();
    if (recorder.bestEpoch() > 0) {
      Dataset testImages = run.loaded().split().test();
      Checkpoint.load(folder.best(), run.network());
      run.network().train(false);
      Map<String, Double> test =
          Evaluation.run(
              model,
              run.network(),
              run.optimizer(),
              model.prepare(testImages),
              run.backend(),
              256,
              "test_");
      figures.put("best epoch", Integer.toString(recorder.bestEpoch()));
      if (run.monitor() != null) {
        figures.put(
            run.monitor().metric().replace('_', ' ') + " at the best epoch",
            String.format(Locale.ROOT, "%.4f", recorder.bestValue()));
      }
      test.forEach(
          (name, value) ->
              figures.put(
                  name.replace('_', ' ')
                      + " ("
                      + model.describe(name.substring("test_".length()))
                      + ", "
                      + testImages.size()
                      + " images)",
                  String.format(Locale.ROOT, "%.4f", value)));
      double seconds =
          recorder.history().stream().mapToDouble(e -> e.getOrDefault("seconds", 0.0)).sum();
      figures.put("training time", String.format(Locale.ROOT, "%.1f s", seconds));
      pictures.addAll(MetricCurves.draw(recorder.history(), model::describe, folder.root()));
      pictures.addAll(
          model.pictures(
              new Trained(run.network(), run.plan().settings(), testImages, run.backend()),
              folder.root()));
      if (run.monitor() != null) {
        out.printf(
            Locale.ROOT,
            "best epoch: %d, %s %.4f%n",
            recorder.bestEpoch(),
            run.monitor().metric(),
            recorder.bestValue());
      } else {
        out.println("kept the last epoch, " + recorder.bestEpoch() + " (no metric ranks them)");
      }
      test.forEach((name, value) -> out.printf(Locale.ROOT, "%s %.4f%n", name, value));
    } else if (!recorder.history().isEmpty()) {
      pictures.addAll(MetricCurves.draw(recorder.history(), model::describe, folder.root()));
    }
    RunConfig config = run.plan().config();
    Map<String, String> files = new LinkedHashMap<>();
    Path absolute = folder.root().toAbsolutePath();
    if (recorder.bestEpoch() > 0) {
      files.put("best checkpoint", absolute.resolve(RunFolder.BEST).toString());
      files.put("last checkpoint", absolute.resolve(RunFolder.LAST).toString());
      files.put("history", absolute.resolve(RunFolder.HISTORY_CSV).toString());
      files.put(
          "to train longer",
          "stratum train --resume " + absolute + " --epochs " + (config.epochs() + 5));
      files.put("to evaluate", "stratum evaluate " + absolute);
    }
    return new RunReport(
            model.name() + " on Fashion-MNIST",
            outcome.status(),
            outcome.diverged() != null,
            describe(config, model, run.loaded(), run.backend()),
            figures,
            pictures,
            recorder.history(),
            recorder.bestEpoch(),
            files)
        .write(folder.root());
  }

  /** The configuration of a new run from the options. */
  private RunConfig newConfig() {
    int total = epochs != null ? epochs : DEFAULT_EPOCHS;
    if (total < 1) {
      throw bad("--epochs must be at least 1, got " + total);
    }
    if (patience < 1) {
      throw bad("--patience must be at least 1, got " + patience);
    }
    if (batchSize != null && batchSize < 1) {
      throw bad("--batch-size must be at least 1, got " + batchSize);
    }
    if (limit != null && limit < 2) {
      throw bad(
          "--limit must be at least 2 (one image to train on, one to validate), got " + limit);
    }
    if (data != null && !Files.isDirectory(data)) {
      throw bad("--data " + data + ": no such folder");
    }
    if (overwrite && runDir == null) {
      throw bad("--overwrite needs --run-dir: a new run gets a new folder anyway");
    }
    java.util.Set<Integer> excluded =
        excludeClasses == null
            ? java.util.Set.of()
            : checked(() -> FashionClasses.parse("--exclude-classes", excludeClasses));
    ModelSettings settings = checked(modelSettings::settings);
    return new RunConfig(
        kind.name(),
        FashionMnistSource.choose(data),
        total,
        batchSize != null ? batchSize : kind.defaultBatchSize(),
        optimizerSpec != null ? optimizerSpec : kind.defaultOptimizer(),
        patience,
        seed,
        limit,
        settings,
        List.copyOf(excluded));
  }

  /** The images of {@code data} whose class is not in {@code excluded}. */
  private static Dataset withoutClasses(Dataset data, List<Integer> excluded) {
    float[] label = new float[1];
    int[] kept =
        IntStream.range(0, data.size())
            .filter(
                i -> {
                  data.copyTarget(i, label, 0);
                  return !excluded.contains((int) label[0]);
                })
            .toArray();
    return data.subset(kept);
  }

  private static Path defaultRunDir(ModelKind kind) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = Path.of("runs", kind.name() + "-" + stamp);
    for (int n = 2; Files.exists(dir); n++) {
      dir = Path.of("runs", kind.name() + "-" + stamp + "-" + n);
    }
    return dir;
  }

  private static Map<String, String> describe(
      RunConfig config, ModelKind kind, FashionMnistSource.Loaded data, Backend backend) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("model", kind.name() + ": " + kind.description());
    config
        .settings()
        .given()
        .forEach((option, value) -> c.put(option.substring(2).replace('-', ' '), value.toString()));
    c.put("data", data.description());
    String images = config.limit() == null ? "all" : "the first " + config.limit();
    if (!config.excludedClasses().isEmpty()) {
      images +=
          " of the classes but "
              + FashionClasses.names(new java.util.TreeSet<>(config.excludedClasses()));
    }
    c.put("training images", images);
    c.put(
        "validation", Math.round(VALIDATION_FRACTION * 100) + "% of the training images, held out");
    c.put("epochs", Integer.toString(config.epochs()));
    c.put("batch size", Integer.toString(config.batchSize()));
    c.put("optimizer", config.optimizer());
    c.put(
        "early stopping",
        kind.monitor()
            .map(m -> "after " + config.patience() + " epochs without a better " + m.metric())
            .orElse("none: no metric ranks this model's epochs, so the last one is kept"));
    c.put("seed", Long.toString(config.seed()));
    c.put("backend", backend.name() + " (" + backend.device() + ")");
    return c;
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private <T> T checked(java.util.function.Supplier<T> value) {
    return checked(null, value);
  }

  private void checked(Runnable check) {
    checked(
        null,
        () -> {
          check.run();
          return null;
        });
  }

  /** Runs a check whose {@link IllegalArgumentException} is a mistake in the options. */
  private <T> T checked(String option, java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw bad(option == null ? e.getMessage() : option + ": " + e.getMessage());
    }
  }
}
