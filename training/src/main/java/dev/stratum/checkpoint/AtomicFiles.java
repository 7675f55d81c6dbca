package dev.stratum.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go to
 * a temporary file in the same directory, are forced to the device, and the temporary file is
 * renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A failure deletes the
 * temporary file and leaves the target untouched.
 */
public final class AtomicFiles {

  /** Writes a file's content to an open channel. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {}

  /** Replaces {@code target} atomically with what {@code content} writes. */
  public static void write(Path target, ContentWriter content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        content.writeTo(channel);
        channel.force(true);
      }
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "cannot replace " + absolute + " atomically: the file system does not support it", e);
      }
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    forceDirectory(directory);
  }

  /** Replaces {@code target} atomically with {@code text} in UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
  }

  /** Writes every remaining byte of {@code buffer}. */
  static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Forces a directory's entries (a rename, a new file) to the device, where the platform allows
   * opening a directory; elsewhere (Windows) the rename is as durable as the file system makes it.
   */
  static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // NOTE: not every platform can open or sync a directory; the data files are synced already.
    }
  }
}
