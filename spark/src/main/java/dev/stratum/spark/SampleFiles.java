package dev.stratum.spark;

import dev.stratum.data.ArrayDataset;
import dev.stratum.data.CsvReader;
import dev.stratum.data.Idx;
import dev.stratum.data.MalformedDataException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Training samples read from files by path on the executors, so the driver reads no more than a
 * file's header and ships no samples: an RDD of {@code partitions} ranges, each task opening the
 * files and reading its own range. Give the result to {@link SparkTrainer.Builder#trainingData};
 * the trainer repartitions it to its worker count (sample {@code i} of the files to worker {@code i
 * mod W}, executor to executor), so training from the files is training from the same samples in
 * memory.
 *
 * <p><b>The paths must be visible, under the same name, on the driver and on every executor</b>: a
 * shared file system (NFS and the like) or a copy on each node. They are opened with {@code
 * java.nio}, not Hadoop, so {@code hdfs://} and {@code s3://} paths are not read (stage such files
 * on a shared mount, or read them into an RDD of {@link Sample}s yourself). A path missing on the
 * driver fails at once, one missing on an executor fails the job, with a {@link
 * NoSuchFileException} naming the path and the machine. Every pass over the RDD reads the files
 * again (the trainer makes three: counting, indexing, building its cached shards).
 *
 * <ul>
 *   <li>{@link #idx}: an IDX image file and label file (Fashion-MNIST, MNIST), plain or gzip, as
 *       {@link Idx#load} reads them: inputs {@code u8 / 255f} ({@code rows·cols} values; give the
 *       trainer the shape {@code [1, rows, cols]} or {@code [rows·cols]}), targets class indices
 *       (shape {@code []}). Range {@code p} is samples {@code [p·N/P, (p+1)·N/P)}; a plain file is
 *       read from its offset, a gzip file is decompressed from its start up to the end of the range
 *       (gzip cannot seek), so store large files uncompressed.
 *   <li>{@link #csv}: a UTF-8 CSV file parsed by a {@link CsvReader} on each executor. Range {@code
 *       p} is the lines that start in bytes {@code [p·size/P, (p+1)·size/P)}, as Hadoop splits
 *       text; with {@link CsvReader#header()} the file's first non-blank line is given to every
 *       range as its header. The reader's messages name the file and the range's first byte; their
 *       line numbers count from the start of the range (the header counting as line 1 in every
 *       range but the first). Compressed CSV is not read.
 * </ul>
 */
public final class SampleFiles {

  private SampleFiles() {}

  /**
   * The samples of an IDX image file and its label file, read in {@code partitions} ranges on the
   * executors. The driver reads both headers and checks the magic numbers and that the counts
   * match.
   */
  public static JavaRDD<Sample> idx(
      JavaSparkContext spark, String images, String labels, int partitions) throws IOException {
    checkPartitions(partitions);
    int[] x = IdxRows.header(Path.of(images), Idx.IMAGES_MAGIC);
    int[] y = IdxRows.header(Path.of(labels), Idx.LABELS_MAGIC);
    if (x[0] != y[0]) {
      throw new MalformedDataException(
          images
              + " holds "
              + x[0]
              + " images but "
              + labels
              + " holds "
              + y[0]
              + " labels; they must match one to one");
    }
    int count = x[0];
    if (count < partitions) {
      throw new IllegalArgumentException(
          "spark samples: "
              + images
              + " holds "
              + count
              + " samples, fewer than the "
              + partitions
              + " partitions asked for");
    }
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ranges.add(new long[] {(long) p * count / partitions, (long) (p + 1) * count / partitions});
    }
    int pixels = x[1] * x[2];
    return spark
        .parallelize(ranges, partitions)
        .flatMap(range -> IdxRows.read(images, labels, pixels, range[0], range[1]));
  }

  /**
   * The samples of a CSV file as {@code reader} parses it, in {@code partitions} byte ranges read
   * on the executors (the reader is serialised to them). The driver checks that the file exists and
   * has a non-blank line.
   */
  public static JavaRDD<Sample> csv(
      JavaSparkContext spark, String path, CsvReader reader, int partitions) throws IOException {
    checkPartitions(partitions);
    long size = CsvRanges.size(Path.of(path));
    if (CsvRanges.firstLine(path) == null) {
      throw new MalformedDataException(path + ": no rows (the file is empty)");
    }
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ranges.add(new long[] {p * size / partitions, (p + 1) * size / partitions});
    }
    return spark
        .parallelize(ranges, partitions)
        .flatMap(range -> CsvRanges.read(path, reader, range[0], range[1]));
  }

  private static void checkPartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "spark samples: partitions must be >= 1, got " + partitions);
    }
  }

  /** Opens {@code file} for reading, or says plainly that it is not there on this machine. */
  static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw missing(file);
    }
  }

  /** {@code "<file>: not found on <host>; ..."}. */
  static NoSuchFileException missing(Path file) {
    return new NoSuchFileException(
        file.toString(),
        null,
        "not found on "
            + host()
            + "; a path given to SampleFiles must be visible on the driver and every executor");
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }

  /** Rows of IDX files: the header, and a range of samples. */
  static final class IdxRows {
    private IdxRows() {}

    /** {@code [count, rows, cols]} of an image file, {@code [count]} of a label file. */
    static int[] header(Path file, int magic) throws IOException {
      try (DataInputStream in = new DataInputStream(decompressed(file))) {
        return header(file, in, magic);
      }
    }

    private static int[] header(Path file, DataInputStream in, int magic) throws IOException {
      int[] dims;
      try {
        int found = in.readInt();
        if (found != magic) {
          throw new MalformedDataException(
              String.format(
                  "%s: magic number 0x%08X, expected 0x%08X (%s)",
                  file, found, magic, magic == Idx.IMAGES_MAGIC ? "images" : "labels"));
        }
        dims = new int[magic & 0xFF];
        for (int d = 0; d < dims.length; d++) {
          dims[d] = in.readInt();
          if (dims[d] < 0) {
            throw new MalformedDataException(
                file + ": dimension " + d + " is " + Integer.toUnsignedString(dims[d]));
          }
        }
      } catch (EOFException e) {
        throw new MalformedDataException(file + ": truncated IDX header");
      }
      return dims;
    }

    /** Samples {@code [from, to)}: their {@code pixels} bytes scaled by 1/255, and labels. */
    static Iterator<Sample> read(String images, String labels, int pixels, long from, long to)
        throws IOException {
      int n = (int) (to - from);
      byte[] x = rows(Path.of(images), Idx.IMAGES_MAGIC, pixels, from, n);
      byte[] y = rows(Path.of(labels), Idx.LABELS_MAGIC, 1, from, n);
      float[] table = new float[256];
      for (int b = 0; b < 256; b++) {
        table[b] = b / 255f;
      }
      List<Sample> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] features = new float[pixels];
        for (int j = 0; j < pixels; j++) {
          features[j] = table[x[i * pixels + j] & 0xFF];
        }
        out.add(Sample.of(features, y[i] & 0xFF));
      }
      return out.iterator();
    }

    private static byte[] rows(Path file, int magic, int rowBytes, long from, int n)
        throws IOException {
      try (DataInputStream in = new DataInputStream(decompressed(file))) {
        header(file, in, magic);
        in.skipNBytes(from * rowBytes);
        byte[] data = new byte[Math.multiplyExact(n, rowBytes)];
        in.readFully(data);
        return data;
      } catch (EOFException e) {
        throw new MalformedDataException(
            file
                + ": truncated: samples "
                + from
                + ".."
                + (from + n - 1)
                + " of "
                + rowBytes
                + " bytes each are not all there");
      }
    }

    /** The file's bytes, decompressed when it starts with the gzip magic bytes 1f 8b. */
    private static InputStream decompressed(Path file) throws IOException {
      InputStream in = new BufferedInputStream(open(file), 1 << 16);
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }
  }

  /** Byte ranges of a CSV file, cut at line starts. */
  static final class CsvRanges {
    private CsvRanges() {}

    static long size(Path file) throws IOException {
      try {
        return Files.size(file);
      } catch (NoSuchFileException e) {
        throw missing(file);
      }
    }

    /** The first non-blank line, or null. */
    static String firstLine(String path) throws IOException {
      try (InputStream in = new BufferedInputStream(open(Path.of(path)))) {
        for (String line; (line = line(in)) != null; ) {
          if (!line.isBlank()) {
            return line;
          }
        }
        return null;
      }
    }

    /** The samples of the lines that start in bytes {@code [from, to)}. */
    static Iterator<Sample> read(String path, CsvReader reader, long from, long to)
        throws IOException {
      Path file = Path.of(path);
      StringBuilder text = new StringBuilder();
      if (from > 0 && reader.header()) {
        text.append(firstLine(path)).append('\n');
      }
      boolean needHeader = from == 0 && reader.header();
      boolean data = false;
      try (SeekableByteChannel channel = Files.newByteChannel(file)) {
        // a line belongs to the range its first byte is in: after byte from - 1, the next line
        // starts at or after from
        long at = Math.max(0, from - 1);
        channel.position(at);
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        long[] position = {at};
        if (from > 0) {
          line(in, position);
        }
        while (position[0] < to) {
          String line = line(in, position);
          if (line == null) {
            break;
          }
          if (!line.isBlank()) {
            data |= !needHeader;
            needHeader = false;
          }
          text.append(line).append('\n');
        }
      } catch (NoSuchFileException e) {
        throw missing(file);
      }
      if (!data) {
        return List.<Sample>of().iterator();
      }
      ArrayDataset set =
          reader.read(new StringReader(text.toString()), path + ", from byte " + from);
      List<Sample> out = new ArrayList<>(set.size());
      for (int i = 0; i < set.size(); i++) {
        out.add(new Sample(set.input(i), set.target(i)));
      }
      return out.iterator();
    }

    private static String line(InputStream in) throws IOException {
      return line(in, new long[1]);
    }

    /** The next line without its {@code \n}, or null at the end; counts the bytes consumed. */
    private static String line(InputStream in, long[] position) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        position[0]++;
        if (b == '\n') {
          return bytes.toString(StandardCharsets.UTF_8);
        }
        bytes.write(b);
      }
      return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
