package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.checkpoint.AtomicFiles;
import dev.stratum.cli.kind.ModelKind;
import dev.stratum.cli.kind.ModelKinds;
import dev.stratum.cli.kind.Reconstructs;
import dev.stratum.cli.picture.Picture;
import dev.stratum.cli.picture.RocCurve;
import dev.stratum.data.Batch;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.TensorScope;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scores every image by how badly a trained autoencoder reproduces it (the reconstruction error;
 * the negative ELBO for a VAE), writes the scores as CSV, and, told which classes are the
 * anomalies, how well the scores tell them from the rest (ROC AUC and the ROC curve).
 */
@Command(
    name = "anomaly",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Score each image by how badly a trained model reproduces it (mean squared reconstruction"
          + " error per pixel; the negative ELBO for a vae); write index, label, class, score as"
          + " CSV.",
      "With --anomalous CLASSES, also the ROC AUC of the scores at telling those classes from the"
          + " others, and the ROC curve as a PNG.",
      "Works with runs of models that reconstruct their input (autoencoder, sparse-autoencoder,"
          + " denoising-autoencoder, contractive-autoencoder, conv-autoencoder, vae)."
    })
final class AnomalyCommand implements Callable<Integer> {

  private static final int BATCH = 500;

  @Mixin SavedRunOptions saved;

  @Option(
      names = "--anomalous",
      paramLabel = "CLASSES",
      split = ",",
      description =
          "The classes that count as anomalies, by name or index 0-9, comma-separated (e.g. Bag or"
              + " 8,9).")
  List<String> anomalous;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      defaultValue = "scores.csv",
      description = "CSV file of the scores (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--roc",
      paramLabel = "FILE",
      defaultValue = "roc.png",
      description = "PNG of the ROC curve, written with --anomalous (default: ${DEFAULT-VALUE}).")
  Path roc;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Print the N images with the highest scores, 0 to 100 (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--overwrite", description = "Replace --output and --roc if they exist.")
  boolean overwrite;

  @Mixin BackendOption backendOption;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (top < 0 || top > 100) {
      throw bad("--top must be between 0 and 100, got " + top);
    }
    Set<Integer> positive;
    try {
      positive = anomalous == null ? Set.of() : FashionClasses.parse("--anomalous", anomalous);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    OutputFiles.requireSuffix(spec, "--output", output, ".csv", "the scores are CSV");
    OutputFiles.refuseExisting(spec, "--output", output, overwrite);
    if (!positive.isEmpty()) {
      OutputFiles.requirePng(spec, "--roc", roc);
      OutputFiles.refuseExisting(spec, "--roc", roc, overwrite);
    }
    SavedRun.Header header = saved.header();
    if (!(header.kind() instanceof Reconstructs)) {
      throw bad(
          "the run in "
              + header.folder().root()
              + " trained '"
              + header.kind().name()
              + "', which does not reconstruct its input; anomaly works with runs of: "
              + String.join(", ", ModelKinds.namesWith(Reconstructs.class)));
    }
    String source = saved.source(header);
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    try (SavedRun run = header.load(backend)) {
      Dataset images = saved.images(source, out);
      ModelKind kind = run.kind();
      Reconstructs scorer = (Reconstructs) kind;
      double[] scores = scores(kind, scorer, run.model(), images, backend);
      int[] labels = labels(images);

      StringBuilder csv = new StringBuilder("index,label,class,score\n");
      for (int i = 0; i < scores.length; i++) {
        csv.append(i)
            .append(',')
            .append(labels[i])
            .append(',')
            .append(FashionMnist.CLASSES.get(labels[i]))
            .append(',')
            .append(scores[i])
            .append('\n');
      }
      AtomicFiles.writeString(output, csv.toString());
      out.printf(
          Locale.ROOT, "scored %,d images by the %s%n", scores.length, scorer.anomalyScore());
      out.println("mean score by class:");
      for (int c = 0; c < FashionMnist.CLASSES.size(); c++) {
        int cls = c;
        double[] of =
            IntStream.range(0, scores.length)
                .filter(i -> labels[i] == cls)
                .mapToDouble(i -> scores[i])
                .toArray();
        if (of.length > 0) {
          out.printf(
              Locale.ROOT,
              "  %-12s %10.4f  (%d images)%s%n",
              FashionMnist.CLASSES.get(c),
              java.util.Arrays.stream(of).average().orElseThrow(),
              of.length,
              positive.contains(c) ? "  anomalous" : "");
        }
      }
      if (top > 0) {
        out.println("highest scores:");
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
            .limit(top)
            .forEach(
                i ->
                    out.printf(
                        Locale.ROOT,
                        "  image %d (%s) %.4f%n",
                        i,
                        FashionMnist.CLASSES.get(labels[i]),
                        scores[i]));
      }
      if (!positive.isEmpty()) {
        boolean[] isAnomalous = new boolean[scores.length];
        int count = 0;
        for (int i = 0; i < scores.length; i++) {
          isAnomalous[i] = positive.contains(labels[i]);
          count += isAnomalous[i] ? 1 : 0;
        }
        if (count == 0 || count == scores.length) {
          throw new IllegalArgumentException(
              "the "
                  + saved.set
                  + " set has "
                  + (count == 0 ? "no images of " : "only images of ")
                  + FashionClasses.names(positive)
                  + ", so there is nothing to tell apart");
        }
        RocCurve curve = RocCurve.of(scores, isAnomalous);
        Picture picture =
            curve.draw(
                "Telling "
                    + FashionClasses.names(positive)
                    + " from the other classes by "
                    + kind.name(),
                roc);
        out.printf(
            Locale.ROOT,
            "ROC AUC %.4f (anomalous: %s, %d of %d images)%n",
            curve.auc(),
            FashionClasses.names(positive),
            count,
            scores.length);
        out.println("wrote " + roc.toAbsolutePath() + ": " + picture.title());
      }
      out.println("wrote " + output.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  /** Every image's score, in batches, without recording a graph. */
  private static double[] scores(
      ModelKind kind, Reconstructs scorer, Layer model, Dataset images, Backend backend) {
    Dataset inputs = images.withInputShape(kind.inputShape());
    double[] scores = new double[inputs.size()];
    model.train(false);
    for (int start = 0; start < scores.length; start += BATCH) {
      int[] indices = IntStream.range(start, Math.min(scores.length, start + BATCH)).toArray();
      try (NoGrad off = Autograd.noGrad();
          TensorScope scope = TensorScope.open();
          Batch batch = inputs.batch(backend, indices)) {
        float[] values = scorer.anomalyScores(model, batch.inputs()).toArray();
        for (int i = 0; i < indices.length; i++) {
          scores[start + i] = values[i];
        }
      }
    }
    return scores;
  }

  private static int[] labels(Dataset images) {
    int[] labels = new int[images.size()];
    float[] target = new float[1];
    for (int i = 0; i < labels.length; i++) {
      images.copyTarget(i, target, 0);
      labels[i] = (int) target[0];
    }
    return labels;
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
