package dev.stratum.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testing.MomentumSgd;
import dev.stratum.testing.TinyStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM trains and checkpoints; the test kills it with SIGKILL at random moments, half of
 * them aimed inside a checkpoint write, and after every kill the newest complete checkpoint must
 * load. A final uninterrupted child then finishes the run, which must end bit-identical to training
 * straight through in this JVM.
 */
class KillTest {

  static final int KILLS = Integer.getInteger("stratum.killtest.kills", 50);
  static final int TOTAL_STEPS = Integer.getInteger("stratum.killtest.steps", 600);
  static final int EVERY = 5;

  @TempDir Path tmp;

  @Test
  void checkpointsSurviveSigkillAndResumingEndsBitIdentical() throws Exception {
    Path dir = tmp.resolve("run");
    long seed = Long.getLong("stratum.killtest.seed", System.nanoTime());
    Random random = new Random(seed);
    int insideWrite = 0;
    List<Integer> resumedFrom = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = start(dir);
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = Thread.ofPlatform().daemon().start(() -> forward(child, lines));
      String ready = lines.poll(60, TimeUnit.SECONDS);
      assertThat(ready)
          .as("seed %d, kill %d: the child's first line", seed, kill)
          .startsWith("ready");
      resumedFrom.add(Integer.parseInt(ready.substring(6)));
      // let 0-3 checkpoints complete, then kill at a random moment or just inside a write
      int saves = random.nextInt(4);
      for (String line = ""; saves > 0 && line != null; ) {
        line = lines.poll(60, TimeUnit.SECONDS);
        if (line != null && line.startsWith("saved")) {
          saves--;
        }
      }
      if (random.nextBoolean()) {
        for (String line = ""; line != null && !line.startsWith("saving"); ) {
          line = lines.poll(60, TimeUnit.SECONDS);
        }
        busyWaitNanos(random.nextInt(2_000_000));
      } else {
        Thread.sleep(random.nextInt(20));
      }
      child.destroyForcibly(); // SIGKILL on Unix
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      if (writeWasInterrupted(dir)) {
        insideWrite++;
      }
      assertNewestCheckpointLoads(dir, seed, kill);
    }
    Process finish = start(dir);
    finish.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(finish.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(finish.exitValue()).as("seed %d: the last child's exit status", seed).isZero();

    try (KillChild.Trained straight =
            KillChild.run(tmp.resolve("straight"), TOTAL_STEPS, Integer.MAX_VALUE);
        TinyStack resumed = KillChild.freshModel(KillChild.backend());
        MomentumSgd resumedSgd = KillChild.optimizerFor(resumed)) {
      Checkpoint.load(dir, resumed, resumedSgd);
      assertThat(Checkpoint.metadata(dir)).containsEntry("step", Integer.toString(TOTAL_STEPS));
      CheckpointTest.assertSameBits(
          CheckpointTest.weights(resumed), CheckpointTest.weights(straight.model()));
      CheckpointTest.assertSameBits(
          CheckpointTest.state(resumedSgd), CheckpointTest.state(straight.optimizer()));
    }
    System.out.printf(
        "kill test: seed %d, %d kills, %d inside a checkpoint write, resumed from %s%n",
        seed, KILLS, insideWrite, resumedFrom);
    assertThat(insideWrite)
        .as("seed %d: kills that landed inside a checkpoint write", seed)
        .isGreaterThanOrEqualTo(5);
    assertThat(resumedFrom.stream().distinct().count())
        .as("seed %d: distinct steps resumed from %s", seed, resumedFrom)
        .isGreaterThan(10);
  }

  private static void assertNewestCheckpointLoads(Path dir, long seed, int kill)
      throws IOException {
    if (!KillChild.exists(dir)) {
      return; // killed before the first checkpoint was complete: nothing may look like one
    }
    try (TinyStack model = KillChild.freshModel(KillChild.backend());
        MomentumSgd sgd = KillChild.optimizerFor(model)) {
      Checkpoint.load(dir, model, sgd);
      Map<String, String> metadata = Checkpoint.metadata(dir);
      assertThat(Integer.parseInt(metadata.get("step")) % EVERY)
          .as("seed %d, kill %d", seed, kill)
          .isZero();
    }
  }

  private Process start(Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-XX:+UseSerialGC",
            // NOTE: the scalar backend is plain Java, whose float results do not depend on the JIT
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            KillChild.class.getName(),
            dir.toString(),
            Integer.toString(TOTAL_STEPS),
            Integer.toString(EVERY));
    Path log = Files.createDirectories(tmp.resolve("logs")).resolve("child.err");
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static void forward(Process child, BlockingQueue<String> lines) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException closedByTheKill) {
      // the stream closes with the process
    }
  }

  /** A staging or previous directory left behind: the kill landed inside a checkpoint write. */
  private static boolean writeWasInterrupted(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    try (var siblings = Files.list(dir.toAbsolutePath().getParent())) {
      return siblings
          .map(p -> p.getFileName().toString())
          .anyMatch(
              n -> n.startsWith("." + name + ".staging-") || n.equals("." + name + ".previous"));
    }
  }

  private static void busyWaitNanos(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
