package dev.stratum.data;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST, for unsigned-byte data: a magic number {@code 0x0000
 * 08 nd} (type 0x08 = unsigned byte, {@code nd} dimensions), {@code nd} big-endian 32-bit sizes,
 * then the bytes row-major. Image files have magic {@code 0x00000803} ({@code [count, rows,
 * cols]}), label files {@code 0x00000801} ({@code [count]}). A file may be gzip-compressed: that is
 * recognised by its first two bytes, {@code 1f 8b}, not by its name.
 *
 * <p>Every problem gets a {@link MalformedDataException} naming the file: a wrong magic number, a
 * header or data shorter than the header promises (expected and actual byte counts), bytes after
 * the data, and image and label files that disagree on the number of samples.
 */
public final class Idx {

  /** Magic number of an image file: unsigned bytes, three dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of a label file: unsigned bytes, one dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UNSIGNED_BYTE = 0x08;

  private Idx() {}

  /** The contents of an IDX file: its dimensions and its bytes, row-major. */
  public record Array(int[] dims, byte[] data) {

    /** Checks that the bytes fill the dimensions. */
    public Array {
      long size = 1;
      for (int d : dims) {
        size *= d;
      }
      if (size != data.length) {
        throw new IllegalArgumentException(
            "idx: dimensions "
                + Arrays.toString(dims)
                + " need "
                + size
                + " bytes, got "
                + data.length);
      }
    }

    /** The size of the first dimension: the number of samples. */
    public int count() {
      return dims[0];
    }
  }

  /** Reads any unsigned-byte IDX file, gzip-compressed or plain. */
  public static Array read(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return read(file, in);
    } catch (ZipException e) {
      throw new MalformedDataException(file + ": corrupt gzip data: " + e.getMessage());
    }
  }

  private static Array read(Path file, InputStream in) throws IOException {
    byte[] head = readUpTo(in, 4);
    if (head.length < 4) {
      throw new MalformedDataException(
          file
              + ": truncated IDX header: expected a 4-byte magic number, found "
              + head.length
              + " bytes");
    }
    int magic = bigEndian(head, 0);
    int rank = magic & 0xFF;
    if ((magic >>> 8) != UNSIGNED_BYTE || rank == 0) {
      throw new MalformedDataException(
          String.format(
              "%s: magic number 0x%08X is not that of an unsigned-byte IDX file (0x00000803 for"
                  + " images, 0x00000801 for labels)",
              file, magic));
    }
    byte[] sizes = readUpTo(in, 4 * rank);
    if (sizes.length < 4 * rank) {
      throw new MalformedDataException(
          file
              + ": truncated IDX header: "
              + rank
              + " dimensions need "
              + 4 * rank
              + " bytes after the magic number, found "
              + sizes.length);
    }
    // the sizes are unsigned 32-bit numbers; all are checked before any data is allocated
    long[] claimed = new long[rank];
    long expected = 1;
    boolean tooBig = false;
    for (int i = 0; i < rank; i++) {
      claimed[i] = bigEndian(sizes, 4 * i) & 0xFFFFFFFFL;
      tooBig |= claimed[i] > Integer.MAX_VALUE;
      // NOTE: capped at 2^31 so that the product (at most 2^31 × (2^32 - 1)) cannot overflow
      expected = Math.min(expected * claimed[i], 1L << 31);
    }
    if (tooBig || expected > Integer.MAX_VALUE - 8) {
      throw new MalformedDataException(
          file
              + ": dimensions "
              + Arrays.toString(claimed)
              + " claim "
              + (tooBig || expected == 1L << 31 ? "2^31 or more" : String.valueOf(expected))
              + " bytes or samples, more than one array can hold (2^31 - 9)");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = (int) claimed[i];
    }
    byte[] data = readUpTo(in, (int) expected);
    if (data.length < expected) {
      throw new MalformedDataException(
          file
              + ": truncated: the header "
              + Arrays.toString(dims)
              + " promises "
              + expected
              + " data bytes, but only "
              + data.length
              + " follow");
    }
    if (readUpTo(in, 1).length != 0) {
      throw new MalformedDataException(
          file
              + ": more bytes follow the "
              + expected
              + " data bytes that the header "
              + Arrays.toString(dims)
              + " promises");
    }
    return new Array(dims, data);
  }

  /** Reads an image file (magic {@code 0x00000803}). */
  public static Array readImages(Path file) throws IOException {
    return readExpecting(file, IMAGES_MAGIC, "an image file");
  }

  /** Reads a label file (magic {@code 0x00000801}). */
  public static Array readLabels(Path file) throws IOException {
    return readExpecting(file, LABELS_MAGIC, "a label file");
  }

  /**
   * Images and labels as a data set: inputs of shape {@code [1, rows, cols]} (NCHW with one
   * channel; view them as vectors with {@link Dataset#withInputShape}) holding {@code u8 / 255f},
   * targets class indices of shape {@code []}.
   */
  public static ArrayDataset load(Path images, Path labels) throws IOException {
    Array x = readImages(images);
    Array y = readLabels(labels);
    if (x.count() != y.count()) {
      throw new MalformedDataException(
          images
              + " holds "
              + x.count()
              + " images but "
              + labels
              + " holds "
              + y.count()
              + " labels; they must match one to one");
    }
    float[] targets = new float[y.count()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = y.data()[i] & 0xFF;
    }
    return new ArrayDataset(
        SampleArray.unsignedBytes(x.data(), 255f, 1, x.dims()[1], x.dims()[2]),
        SampleArray.floats(targets));
  }

  /** Writes {@code array} as an IDX file, gzip-compressed if {@code gzip}. */
  public static void write(Path file, Array array, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream body = gzip ? new GZIPOutputStream(raw) : raw;
        DataOutputStream out = new DataOutputStream(body)) {
      out.writeInt((UNSIGNED_BYTE << 8) | array.dims().length);
      for (int d : array.dims()) {
        out.writeInt(d);
      }
      out.write(array.data());
    }
  }

  private static Array readExpecting(Path file, int magic, String what) throws IOException {
    Array array = read(file);
    if (array.dims().length != (magic & 0xFF)) {
      throw new MalformedDataException(
          String.format(
              "%s: magic number 0x%08X is not that of %s (0x%08X)",
              file, (UNSIGNED_BYTE << 8) | array.dims().length, what, magic));
    }
    return array;
  }

  /** The file's bytes, decompressed when it starts with the gzip magic bytes 1f 8b. */
  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new GZIPInputStream(in, 1 << 16);
      } catch (ZipException | EOFException e) {
        in.close();
        throw new MalformedDataException(file + ": broken gzip header: " + e.getMessage());
      }
    }
    return in;
  }

  /**
   * Up to {@code n} bytes; fewer only if the stream ends first (a gzip stream that breaks off
   * counts as ending).
   */
  private static byte[] readUpTo(InputStream in, int n) throws IOException {
    // grow as data arrives, so a corrupt header that promises gigabytes costs nothing
    byte[] buffer = new byte[Math.min(n, 1 << 20)];
    int filled = 0;
    try {
      while (filled < n) {
        if (filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(n, 2L * buffer.length));
        }
        int r = in.read(buffer, filled, buffer.length - filled);
        if (r < 0) {
          break;
        }
        filled += r;
      }
    } catch (EOFException e) {
      // GZIPInputStream: "Unexpected end of ZLIB input stream"; report the bytes we got
    }
    return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
  }

  private static int bigEndian(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
