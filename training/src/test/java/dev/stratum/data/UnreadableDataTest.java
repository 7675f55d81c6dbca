package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder that cannot be read gets one sentence saying so, not "does not exist" (which is
 * what {@link Files#isRegularFile} alone would make of a folder the user may not search). Root
 * reads everything, so as root the check runs in a child JVM started as user {@code nobody} with
 * {@code setpriv}, on a copy of the classes that user can read.
 */
class UnreadableDataTest {

  @TempDir Path tmp;

  private static final String CLOSED_FOLDER =
      "the Fashion-MNIST folder cannot be read (permission denied): give this user read and"
          + " search permission on it (chmod a+rx), or copy the files to a folder it can read";
  private static final String CLOSED_FILE =
      "the Fashion-MNIST file cannot be read (permission denied): give this user read permission"
          + " on it (chmod a+r)";

  /** {@code closed/} (mode 700) and {@code open/} (755) holding a training set in mode 600. */
  private List<Path> folders() throws IOException {
    Path closed = Files.createDirectory(tmp.resolve("closed"));
    Path open = Files.createDirectory(tmp.resolve("open"));
    for (Path folder : List.of(closed, open)) {
      Path images = folder.resolve("train-images-idx3-ubyte");
      Path labels = folder.resolve("train-labels-idx1-ubyte");
      Idx.write(images, new Idx.Array(new int[] {1, 2, 2}, new byte[4]), false);
      Idx.write(labels, new Idx.Array(new int[] {1}, new byte[1]), false);
      Files.setPosixFilePermissions(images, PosixFilePermissions.fromString("rw-------"));
      Files.setPosixFilePermissions(labels, PosixFilePermissions.fromString("rw-------"));
    }
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    return List.of(closed, open);
  }

  @Test
  void aFolderOrFileThatCannotBeReadSaysSoInOneSentence() throws Exception {
    List<Path> folders = folders();
    Path closed = folders.get(0);
    Path open = folders.get(1);
    if (!"root".equals(System.getProperty("user.name"))) {
      // as an ordinary user, take the permissions away from the owner too
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
      Files.setPosixFilePermissions(
          open.resolve("train-images-idx3-ubyte"), PosixFilePermissions.fromString("---------"));
      try {
        assertThatThrownBy(() -> FashionMnist.load(closed, "train"))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessage(closed + ": " + CLOSED_FOLDER);
        assertThatThrownBy(() -> FashionMnist.load(open, "train"))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessage(open.resolve("train-images-idx3-ubyte") + ": " + CLOSED_FILE);
      } finally {
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
      }
      return;
    }
    List<String> lines = asNobody(closed, open);
    assertThat(lines)
        .containsExactly(
            "AccessDeniedException: " + closed + ": " + CLOSED_FOLDER,
            "AccessDeniedException: "
                + open.resolve("train-images-idx3-ubyte")
                + ": "
                + CLOSED_FILE);
  }

  @Test
  void aFileWhereTheFolderShouldBeAndAFolderWhereAFileShouldBeAreNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("fashion"), "not a folder");
    assertThatThrownBy(() -> FashionMnist.load(file))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage("Fashion-MNIST: " + file + " is a file, not the folder of the four IDX files");
    Path folder = Files.createDirectory(tmp.resolve("folder"));
    Files.createDirectory(folder.resolve("train-images-idx3-ubyte.gz"));
    assertThatThrownBy(() -> FashionMnist.load(folder))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessage(
            "Fashion-MNIST: "
                + folder.resolve("train-images-idx3-ubyte.gz")
                + " is a folder, not an IDX file");
  }

  /** Runs {@code FashionMnist.load} on each folder in a JVM started as {@code nobody}. */
  private List<String> asNobody(Path... folders)
      throws IOException, InterruptedException, URISyntaxException {
    Path setpriv = Path.of("/usr/bin/setpriv");
    boolean can = Files.isExecutable(setpriv);
    if (!can && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI=true, running as root, but no /usr/bin/setpriv to drop to nobody");
    }
    Assumptions.assumeTrue(can, "running as root and no /usr/bin/setpriv (util-linux) to drop it");
    // copies of the classes nobody can read (the build's own may sit under /root)
    Path classes = Files.createDirectory(tmp.resolve("classes"));
    for (Class<?> c : List.of(FashionMnist.class, Backend.class)) {
      copyTree(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()), classes);
    }
    Path probe = tmp.resolve("Probe.java");
    Files.writeString(
        probe,
        """
        public class Probe {
          public static void main(String[] args) {
            for (String folder : args) {
              try {
                dev.stratum.data.FashionMnist.load(java.nio.file.Path.of(folder), "train");
                System.out.println("loaded " + folder);
              } catch (java.io.IOException e) {
                System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
              }
            }
          }
        }
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                setpriv.toString(),
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                java,
                "-XX:-UsePerfData",
                "-cp",
                classes.toString(),
                probe.toString()));
    for (Path f : folders) {
      command.add(f.toString());
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(output).isZero();
    return output.lines().filter(l -> !l.startsWith("WARNING")).toList();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (!Files.exists(target)) {
          Files.copy(p, target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }
}
