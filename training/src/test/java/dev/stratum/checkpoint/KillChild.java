package dev.stratum.checkpoint;

import dev.stratum.backend.Backend;
import dev.stratum.backend.BackendOptions;
import dev.stratum.conformance.scalar.ScalarBackendProvider;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.testing.Blobs;
import dev.stratum.testing.MomentumSgd;
import dev.stratum.testing.TestLosses;
import dev.stratum.testing.TinyStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The child JVM of {@link KillTest}: trains a small model for a fixed number of steps, checkpoints
 * every few steps, and on start resumes from the checkpoint it finds. It says what it does on
 * stdout ({@code ready N}, {@code saving N}, {@code saved N}, {@code done}) so that the parent can
 * aim its kills.
 */
final class KillChild {

  static final int SAMPLES = 64;
  static final int FEATURES = 4;
  static final int CLASSES = 3;
  static final int BATCH = 8;

  private KillChild() {}

  /** {@code DIRECTORY TOTAL_STEPS CHECKPOINT_EVERY}. */
  public static void main(String[] args) throws IOException {
    try (Trained t = run(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
      System.out.println("done");
    }
  }

  /** A model and its optimizer, after training. */
  record Trained(TinyStack model, MomentumSgd optimizer) implements AutoCloseable {
    @Override
    public void close() {
      optimizer.close();
      model.close();
    }
  }

  /**
   * The scalar reference backend, made without discovery: the child starts in a fraction of a
   * second (no Vector API warm-up, no OpenCL probe), and what is tested is the checkpoint, which is
   * the same on every backend.
   */
  static Backend backend() {
    return BACKEND;
  }

  private static final Backend BACKEND =
      new ScalarBackendProvider().create(BackendOptions.defaults());

  static TinyStack freshModel(Backend backend) {
    return TinyStack.mlp(backend, FEATURES, 16, CLASSES, 5);
  }

  static MomentumSgd optimizerFor(TinyStack model) {
    return new MomentumSgd(model.parameters(), 0.05, 0.9f);
  }

  static boolean exists(Path dir) {
    Path absolute = dir.toAbsolutePath();
    return Files.isDirectory(absolute) || Files.isDirectory(CheckpointDirectory.previous(absolute));
  }

  /** One save elsewhere first, so that class loading does not hide the first real write. */
  private static void warmUp(TinyStack model, MomentumSgd optimizer) throws IOException {
    Path scratch = Files.createTempDirectory("stratum-kill-warmup-");
    try {
      Checkpoint.save(scratch.resolve("c"), model, optimizer, Map.of("step", "0"));
    } finally {
      CheckpointDirectory.deleteTree(scratch);
    }
  }

  /** Trains from the checkpoint at {@code dir} (or from scratch) up to {@code total} steps. */
  static Trained run(Path dir, int total, int every) throws IOException {
    PrintStream out = System.out;
    Backend backend = backend();
    TinyStack model = freshModel(backend);
    MomentumSgd optimizer = optimizerFor(model);
    int step = 0;
    if (exists(dir)) {
      Checkpoint.load(dir, model, optimizer);
      step = Integer.parseInt(Checkpoint.metadata(dir).get("step"));
    }
    warmUp(model, optimizer);
    out.println("ready " + step);
    out.flush();
    Blobs blobs = Blobs.generate(SAMPLES, FEATURES, CLASSES, 5);
    int batches = SAMPLES / BATCH;
    while (step < total) {
      try (TensorScope scope = TensorScope.open()) {
        int from = (step % batches) * BATCH;
        Tensor x =
            Tensor.of(
                backend,
                Arrays.copyOfRange(blobs.inputs(), from * FEATURES, (from + BATCH) * FEATURES),
                BATCH,
                FEATURES);
        Tensor y =
            Tensor.of(backend, Arrays.copyOfRange(blobs.labels(), from, from + BATCH), BATCH);
        Tensor loss = TestLosses.CROSS_ENTROPY.compute(model.forward(x), y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
      }
      step++;
      if (step % every == 0) {
        out.println("saving " + step);
        out.flush();
        Checkpoint.save(dir, model, optimizer, Map.of("step", Integer.toString(step)));
        out.println("saved " + step);
        out.flush();
      }
    }
    return new Trained(model, optimizer);
  }
}
