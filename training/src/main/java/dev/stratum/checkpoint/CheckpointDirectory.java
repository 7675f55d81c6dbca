package dev.stratum.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Replaces a whole checkpoint directory at once. The new files are written into a staging directory
 * beside the target ({@code .NAME.staging-*}); then the old directory is renamed to {@code
 * .NAME.previous}, the staging directory to {@code NAME}, and the previous one is deleted. At every
 * instant either {@code NAME} is a complete checkpoint, or (between the two renames) it is absent
 * and {@code .NAME.previous} is the complete old one, which {@link #resolve} then returns.
 */
final class CheckpointDirectory {

  /** Writes the files of a checkpoint into a directory. */
  @FunctionalInterface
  interface Contents {
    void writeInto(Path directory) throws IOException;
  }

  private CheckpointDirectory() {}

  static Path previous(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".previous");
  }

  /**
   * The directory to read: {@code target}, or the previous one when a swap was interrupted. Its
   * entries must be regular files and directories: a symbolic link could make a checkpoint read
   * (or, for whoever copies it, expose) a file outside its directory, so one is refused.
   */
  static Path resolve(Path target) throws CheckpointException {
    Path absolute = target.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return checkNoLinks(absolute);
    }
    Path previous = previous(absolute);
    if (Files.isDirectory(previous)) {
      return checkNoLinks(previous);
    }
    throw new CheckpointException(absolute + ": no checkpoint directory here");
  }

  private static Path checkNoLinks(Path dir) throws CheckpointException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Files.isSymbolicLink(p)) {
          throw new CheckpointException(
              p
                  + ": is a symbolic link (to "
                  + Files.readSymbolicLink(p)
                  + "); a checkpoint's files must lie inside its directory, so links are refused");
        }
      }
    } catch (IOException e) {
      if (e instanceof CheckpointException c) {
        throw c;
      }
      throw new CheckpointException(dir + ": cannot list the checkpoint directory: " + e, e);
    }
    return dir;
  }

  /** Writes a new checkpoint at {@code target}, replacing the old one only once it is complete. */
  static void replace(Path target, Contents contents) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    String name = absolute.getFileName().toString();
    deleteStaleStaging(parent, name);
    Path staging = Files.createTempDirectory(parent, "." + name + ".staging-");
    try {
      contents.writeInto(staging);
      AtomicFiles.forceDirectory(staging);
      Path previous = previous(absolute);
      if (Files.isDirectory(absolute)) {
        // the target is complete, so a leftover previous one is garbage
        deleteTree(previous);
        Files.move(absolute, previous, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.forceDirectory(parent);
      deleteTree(previous);
    } catch (IOException | RuntimeException | Error e) {
      try {
        deleteTree(staging);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void deleteStaleStaging(Path parent, String name) throws IOException {
    try (DirectoryStream<Path> stale =
        Files.newDirectoryStream(parent, "." + name + ".staging-*")) {
      for (Path p : stale) {
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
