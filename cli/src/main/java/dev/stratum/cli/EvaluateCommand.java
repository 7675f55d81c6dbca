package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.cli.run.Evaluation;
import dev.stratum.data.Dataset;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Evaluates a run's checkpoint on the test set (or the training set): its loss and metrics. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Evaluate a trained run's checkpoint on Fashion-MNIST: its loss and metrics.")
final class EvaluateCommand implements Callable<Integer> {

  @Mixin SavedRunOptions saved;

  @Mixin BackendOption backendOption;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SavedRun.Header header = saved.header();
    String source = saved.source(header);
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    try (SavedRun run = header.load(backend)) {
      out.println(
          "run: "
              + run.folder().root().toAbsolutePath()
              + " ("
              + run.kind().name()
              + ", checkpoint "
              + run.checkpoint()
              + ")");
      Dataset images = saved.images(source, out);
      Map<String, Double> results =
          Evaluation.run(
              run.kind(),
              run.model(),
              run.optimizer(),
              run.kind().prepare(images),
              backend,
              256,
              saved.set + "_");
      results.forEach(
          (name, value) ->
              out.printf(
                  Locale.ROOT,
                  "%s %.4f (%s)%n",
                  name,
                  value,
                  run.kind().describe(name.substring(name.indexOf('_') + 1))));
    }
    out.flush();
    return 0;
  }
}
