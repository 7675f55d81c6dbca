package dev.stratum.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backends;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays flat over a long run: {@link FlatMemoryChild} trains for 10,000 steps (100 epochs of
 * 100 batches, a new prefetch thread each epoch) in a child JVM whose heap is fixed and touched up
 * front ({@code -Xms = -Xmx}, {@code AlwaysPreTouch}), so that the resident set grows only with
 * native memory: JIT code, metaspace, thread stacks, or a leak outside the heap.
 *
 * <p>After a warm-up of 20 epochs (2,000 steps, by which the JIT has compiled the hot loops):
 *
 * <ul>
 *   <li>the backend's live storages are the same number after every epoch (exact; the epoch's
 *       prefetch queue is empty then);
 *   <li>the heap in use after a full collection grows by at most {@value #HEAP_MARGIN_KIB} KiB: a
 *       leak of one 64-float array per step would add 2.5 MiB over the 8,000 steps measured;
 *   <li>the resident set grows by at most {@value #RSS_MARGIN_KIB} KiB, room for the JIT's late
 *       compilations; a native leak of 4 KiB per step would add 31 MiB.
 * </ul>
 *
 * On OpenCL, the device bytes the backend holds after every epoch are the same too, over fewer
 * steps ({@value #OPENCL_EPOCHS} epochs; PoCL runs each kernel on the CPU, about 10× slower here).
 */
class FlatMemoryTest {

  static final int EPOCHS = 100;
  static final int OPENCL_EPOCHS = 20;
  static final int WARM_UP = 20;
  static final long HEAP_MARGIN_KIB = 1024;
  static final long RSS_MARGIN_KIB = 24 * 1024;

  @TempDir Path tmp;

  /** One line of the child's report. */
  record Sample(int epoch, long step, int live, long rssKiB, long heapKiB, long deviceBytes) {
    static Sample parse(String line) {
      String[] f = line.split(" ");
      return new Sample(
          Integer.parseInt(f[1]),
          Long.parseLong(f[3]),
          Integer.parseInt(f[5]),
          Long.parseLong(f[7]),
          Long.parseLong(f[9]),
          Long.parseLong(f[11]));
    }
  }

  @Test
  void tenThousandStepsOnTheVectorBackendKeepStoragesHeapAndRssFlat() throws Exception {
    Assumptions.assumeTrue(
        Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status to read VmRSS from");
    List<Sample> samples = run("vector", EPOCHS);

    assertThat(samples).hasSize(EPOCHS);
    assertThat(samples.getLast().step()).isEqualTo(10_000);
    List<Sample> measured = samples.subList(WARM_UP - 1, EPOCHS);
    Sample base = measured.getFirst();
    assertThat(measured).extracting(Sample::live).containsOnly(base.live());
    long heapGrowth =
        measured.stream().mapToLong(Sample::heapKiB).max().orElseThrow() - base.heapKiB();
    long rssGrowth =
        measured.stream().mapToLong(Sample::rssKiB).max().orElseThrow() - base.rssKiB();
    System.out.printf(
        "FlatMemoryTest vector: live %d, heap %d KiB (+%d), RSS %d KiB (+%d) after step %d; RSS"
            + " every 10 epochs: %s%n",
        base.live(),
        base.heapKiB(),
        heapGrowth,
        base.rssKiB(),
        rssGrowth,
        base.step(),
        samples.stream().filter(s -> s.epoch() % 10 == 0).map(Sample::rssKiB).toList());
    assertThat(heapGrowth)
        .as("heap growth after warm-up, KiB")
        .isLessThanOrEqualTo(HEAP_MARGIN_KIB);
    assertThat(rssGrowth).as("RSS growth after warm-up, KiB").isLessThanOrEqualTo(RSS_MARGIN_KIB);
  }

  @Test
  void openClDeviceMemoryAndStoragesStayFlat() throws Exception {
    boolean present = Backends.availableNames().contains("opencl");
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but no OpenCL backend: " + Backends.describe());
    }
    Assumptions.assumeTrue(present, "no OpenCL backend: " + Backends.describe());
    List<Sample> samples = run("opencl", OPENCL_EPOCHS);

    assertThat(samples).hasSize(OPENCL_EPOCHS);
    List<Sample> measured = samples.subList(1, OPENCL_EPOCHS);
    assertThat(measured).extracting(Sample::live).containsOnly(measured.getFirst().live());
    assertThat(measured.getFirst().deviceBytes()).isPositive();
    assertThat(measured)
        .extracting(Sample::deviceBytes)
        .containsOnly(measured.getFirst().deviceBytes());
  }

  /**
   * The soak run, outside CI: {@code -Dsoak.minutes=30} trains on the vector backend for that long
   * and samples once a minute (scripts/soak.sh runs it). The first sample is the baseline; the same
   * bounds as above apply, and every sample is printed.
   */
  @Test
  @EnabledIfSystemProperty(named = "soak.minutes", matches = "[0-9]+")
  void soak() throws Exception {
    long minutes = Long.getLong("soak.minutes");
    List<Sample> samples = run("vector", 0, "60", Long.toString(minutes * 60));
    samples.forEach(s -> System.out.println("soak " + s));
    assertThat(samples).hasSizeGreaterThanOrEqualTo((int) minutes);
    Sample base = samples.getFirst();
    assertThat(samples).extracting(Sample::live).containsOnly(base.live());
    long heapGrowth =
        samples.stream().mapToLong(Sample::heapKiB).max().orElseThrow() - base.heapKiB();
    long rssGrowth = samples.stream().mapToLong(Sample::rssKiB).max().orElseThrow() - base.rssKiB();
    System.out.printf(
        "soak: %d samples, %d steps, heap +%d KiB, RSS %d KiB at the first sample, +%d KiB at most%n",
        samples.size(), samples.getLast().step(), heapGrowth, base.rssKiB(), rssGrowth);
    assertThat(heapGrowth).isLessThanOrEqualTo(HEAP_MARGIN_KIB);
    assertThat(rssGrowth).isLessThanOrEqualTo(RSS_MARGIN_KIB);
  }

  private List<Sample> run(String backend, int epochs, String... more)
      throws IOException, InterruptedException {
    long limitSeconds = more.length > 1 ? Long.parseLong(more[1]) + 300 : 300;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = tmp.resolve("child.err");
    Process child =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Xms192m",
                "-Xmx192m",
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                FlatMemoryChild.class.getName(),
                backend,
                Integer.toString(epochs),
                more.length > 0 ? more[0] : "0",
                more.length > 1 ? more[1] : Long.toString(Long.MAX_VALUE / 2_000_000_000L))
            .redirectError(log.toFile())
            .start();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!child.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                  child.destroyForcibly();
                }
              } catch (InterruptedException e) {
                child.destroyForcibly();
              }
            });
    List<Sample> samples = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("epoch ")) {
          samples.add(Sample.parse(line));
        }
      }
    }
    child.waitFor();
    assertThat(child.exitValue())
        .as("child's exit (137: killed after its time limit); " + Files.readString(log))
        .isZero();
    return samples;
  }
}
