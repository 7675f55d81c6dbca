package dev.stratum.cli;

import dev.stratum.backend.Backend;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a small classifier end to end on a synthetic problem (points on three interleaved spirals)
 * with tensor ops, autograd and plain SGD, printing the loss as it falls.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Train a small network on three spirals with plain tensor ops; print its loss.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--steps",
      defaultValue = "600",
      description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Mixin BackendOption backendOption;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  static final int CLASSES = 3;
  static final int POINTS_PER_CLASS = 200;
  static final int HIDDEN = 64;
  static final float LEARNING_RATE = 0.5f;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (steps < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--steps must be at least 1, got " + steps);
    }
    Backend backend = backendOption.choose(out, spec.commandLine().getErr());
    Result result =
        train(
            backend, steps, seed, (step, loss) -> out.printf("step %4d  loss %.4f%n", step, loss));
    out.printf(
        "training accuracy %.1f%% after %d steps (chance: 33.3%%)%n",
        100 * result.accuracy(), steps);
    out.flush();
    return 0;
  }

  /** What a training run ended with. */
  record Result(float firstLoss, float lastLoss, float accuracy) {}

  /** Receives the loss every few steps. */
  interface Progress {
    void report(int step, float loss);
  }

  static Result train(Backend backend, int steps, long seed, Progress progress) {
    Generator generator = new Generator(seed);
    int n = CLASSES * POINTS_PER_CLASS;
    float[][] data = spirals(generator.seed());
    try (TensorScope run = TensorScope.open()) {
      Tensor x = Tensor.of(backend, data[0], n, 2);
      Tensor labels = Tensor.oneHot(Tensor.vector(backend, data[1]), CLASSES);
      Tensor w1 = init(backend, generator, 2, HIDDEN);
      Tensor b1 = init(backend, generator, 1, HIDDEN).reshape(HIDDEN).detach().requiresGrad(true);
      Tensor w2 = init(backend, generator, HIDDEN, CLASSES);
      Tensor b2 = Tensor.zeros(backend, CLASSES).requiresGrad(true);
      List<Tensor> parameters = List.of(w1, b1, w2, b2);
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step <= steps; step++) {
        try (TensorScope scope = TensorScope.open()) {
          Tensor logits = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
          Tensor loss = logits.logSoftmax(1).mul(labels).sum(false, 1).mean().neg();
          parameters.forEach(Tensor::zeroGrad);
          loss.backward();
          try (NoGrad off = Autograd.noGrad()) {
            for (Tensor p : parameters) {
              p.addScaledInPlace(-LEARNING_RATE, p.grad());
            }
          }
          last = loss.item();
          if (step == 0) {
            first = last;
          }
          if (step % Math.max(1, steps / 10) == 0) {
            progress.report(step, last);
          }
        }
      }
      float accuracy;
      try (TensorScope scope = TensorScope.open();
          NoGrad off = Autograd.noGrad()) {
        Tensor predicted = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).argmax(1, false);
        accuracy = predicted.eq(Tensor.vector(backend, data[1])).mean().item();
      }
      return new Result(first, last, accuracy);
    }
  }

  /** PyTorch's default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  private static Tensor init(Backend backend, Generator generator, int fanIn, int fanOut) {
    float bound = (float) (1 / Math.sqrt(fanIn));
    return generator.uniform(backend, -bound, bound, fanIn, fanOut).requiresGrad(true);
  }

  /** Three spirals of points with a little noise: {x (n×2), labels (n)}. */
  static float[][] spirals(long seed) {
    java.util.Random random = new java.util.Random(seed);
    int n = CLASSES * POINTS_PER_CLASS;
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int c = 0; c < CLASSES; c++) {
      for (int i = 0; i < POINTS_PER_CLASS; i++) {
        int row = c * POINTS_PER_CLASS + i;
        double radius = (double) i / POINTS_PER_CLASS;
        double angle = c * 2 * Math.PI / CLASSES + 4 * radius + 0.2 * random.nextGaussian();
        x[2 * row] = (float) (radius * Math.cos(angle));
        x[2 * row + 1] = (float) (radius * Math.sin(angle));
        y[row] = c;
      }
    }
    return new float[][] {x, y};
  }
}
