package dev.stratum.checkpoint;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The safetensors file format for float32 tensors, as Python's {@code safetensors} and NumPy read
 * it: an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON ({@code
 * {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}})
 * padded with spaces so the data starts at a multiple of 8, then the raw little-endian data,
 * offsets counted from the end of the header.
 *
 * <p>Reading checks everything before returning: the header length against the file size, the JSON,
 * the dtype, each tensor's byte length against its shape, and that the tensors tile the data
 * without overlaps or holes. Any failure is a {@link CheckpointException} naming the file and the
 * values.
 *
 * <p>Stratum stores a CRC-32 (the zlib one, so Python checks it with {@code zlib.crc32}) of each
 * tensor's bytes in {@code __metadata__} under {@value #CHECKSUM_KEY} (a JSON object, tensor name
 * to 8 hex digits, written as one string since metadata values are strings; other safetensors
 * readers ignore it). Reading verifies it and names the damaged tensor, so bytes overwritten inside
 * the data no longer load as silently wrong weights. Files without the key (written by other tools)
 * load unchecked. The key never appears in {@link Contents#metadata()}.
 */
public final class SafeTensors {

  /** Headers larger than this are refused as corrupt (the Python library uses the same bound). */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  /** The {@code __metadata__} key of the per-tensor checksums. */
  public static final String CHECKSUM_KEY = "stratum.crc32";

  private static final int CHUNK_FLOATS = 1 << 18;

  /** The tensors of a file, in header order, and its string metadata. */
  public record Contents(Map<String, HostTensor> tensors, Map<String, String> metadata) {}

  private SafeTensors() {}

  /** Writes {@code tensors} (in their iteration order) and {@code metadata} atomically. */
  public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
      throws IOException {
    if (metadata.containsKey(CHECKSUM_KEY)) {
      throw new IllegalArgumentException("metadata key " + CHECKSUM_KEY + " is reserved");
    }
    Map<String, String> withChecksums = new LinkedHashMap<>(metadata);
    withChecksums.put(CHECKSUM_KEY, checksums(tensors));
    byte[] header = header(tensors, withChecksums);
    AtomicFiles.write(
        file,
        channel -> {
          ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          prefix.putLong(header.length).flip();
          AtomicFiles.writeFully(channel, prefix);
          AtomicFiles.writeFully(channel, ByteBuffer.wrap(header));
          ByteBuffer chunk =
              ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          for (HostTensor t : tensors.values()) {
            float[] data = t.data();
            for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
              fill(chunk, data, from);
              AtomicFiles.writeFully(channel, chunk);
            }
          }
        });
  }

  /** Puts the raw little-endian bits of up to one chunk of {@code data} from {@code from}. */
  private static void fill(ByteBuffer chunk, float[] data, int from) {
    int count = Math.min(CHUNK_FLOATS, data.length - from);
    chunk.clear();
    // NOTE: the raw bits are written, so NaN payloads survive the round trip.
    for (int i = 0; i < count; i++) {
      chunk.putInt(Float.floatToRawIntBits(data[from + i]));
    }
    chunk.flip();
  }

  /** The value of {@value #CHECKSUM_KEY}: each tensor's CRC32 over its bytes as stored. */
  private static String checksums(Map<String, HostTensor> tensors) throws IOException {
    Map<String, Object> sums = new LinkedHashMap<>();
    ByteBuffer chunk =
        ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      CRC32 crc = new CRC32();
      float[] data = e.getValue().data();
      for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
        fill(chunk, data, from);
        crc.update(chunk);
      }
      sums.put(e.getKey(), hex(crc.getValue()));
    }
    return JSON.std.asString(sums);
  }

  private static String hex(long crc) {
    return String.format("%08x", crc);
  }

  /** The JSON header, padded with spaces to a multiple of 8 bytes. */
  static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      json.put(SafeTensorsHeader.METADATA_KEY, new LinkedHashMap<>(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      if (e.getKey().equals(SafeTensorsHeader.METADATA_KEY)) {
        throw new IllegalArgumentException("a tensor cannot be named " + e.getKey());
      }
      long bytes = (long) e.getValue().data().length * Float.BYTES;
      List<Integer> shape = new ArrayList<>();
      for (int d : e.getValue().shape()) {
        shape.add(d);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", "F32");
      entry.put("shape", shape);
      entry.put("data_offsets", List.of(offset, offset + bytes));
      json.put(e.getKey(), entry);
      offset += bytes;
    }
    byte[] text = JSON.std.asString(json).getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    byte[] header = new byte[padded];
    System.arraycopy(text, 0, header, 0, text.length);
    java.util.Arrays.fill(header, text.length, padded, (byte) ' ');
    return header;
  }

  /** Reads and checks a whole file. */
  public static Contents read(Path file) throws IOException {
    String name = file.toString();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw new CheckpointException(
            name + ": " + fileSize + " bytes is too short for a safetensors file (at least 8)");
      }
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, prefix, 0, name);
      long headerLength = prefix.flip().getLong();
      if (headerLength < 0 || headerLength > fileSize - 8) {
        throw new CheckpointException(
            name
                + ": header length "
                + Long.toUnsignedString(headerLength)
                + " goes beyond the file size of "
                + fileSize
                + " bytes (truncated or not a safetensors file)");
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new CheckpointException(
            name + ": header length " + headerLength + " exceeds " + MAX_HEADER_BYTES + " bytes");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8, name);
      String json = utf8(name, headerBytes.flip());
      if (!json.startsWith("{")) {
        throw new CheckpointException(name + ": the safetensors header does not start with '{'");
      }
      long dataStart = 8 + headerLength;
      SafeTensorsHeader header = SafeTensorsHeader.parse(name, json, fileSize - dataStart);
      Map<String, String> metadata = new LinkedHashMap<>(header.metadata());
      Map<String, String> sums = storedChecksums(name, metadata.remove(CHECKSUM_KEY), header);
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      for (SafeTensorsHeader.Entry e : header.entries().values()) {
        tensors.put(e.name(), readTensor(channel, dataStart, e, name, sums.get(e.name())));
      }
      return new Contents(tensors, metadata);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(name + ": no such file", e);
    }
  }

  /**
   * The checksums of {@value #CHECKSUM_KEY}, one per tensor of the header; empty when the file has
   * none.
   */
  private static Map<String, String> storedChecksums(
      String name, String value, SafeTensorsHeader header) throws CheckpointException {
    if (value == null) {
      return Map.of();
    }
    String where = name + ": __metadata__ " + CHECKSUM_KEY;
    Map<String, Object> parsed;
    try {
      parsed = SafeTensorsHeader.JSON_STRICT.mapFrom(value);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(where + " is not a JSON object: " + e.getMessage(), e);
    }
    if (parsed == null) {
      throw new CheckpointException(where + " is not a JSON object: " + value);
    }
    Map<String, String> sums = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : parsed.entrySet()) {
      if (!header.entries().containsKey(e.getKey())) {
        throw new CheckpointException(
            where + " names tensor '" + e.getKey() + "', which the file does not hold");
      }
      if (!(e.getValue() instanceof String s) || !s.matches("[0-9a-f]{8}")) {
        throw new CheckpointException(
            where + " of tensor '" + e.getKey() + "' is not 8 hex digits: " + e.getValue());
      }
      sums.put(e.getKey(), s);
    }
    for (String tensor : header.entries().keySet()) {
      if (!sums.containsKey(tensor)) {
        throw new CheckpointException(where + " has no checksum for tensor '" + tensor + "'");
      }
    }
    return sums;
  }

  private static HostTensor readTensor(
      FileChannel channel, long dataStart, SafeTensorsHeader.Entry e, String name, String checksum)
      throws IOException {
    // the header check bounded end - begin by the bytes the file holds, so this allocation is too
    float[] data = new float[(int) ((e.end() - e.begin()) / Float.BYTES)];
    ByteBuffer chunk =
        ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    CRC32 crc = new CRC32();
    for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
      int count = Math.min(CHUNK_FLOATS, data.length - from);
      chunk.clear().limit(count * Float.BYTES);
      readFully(channel, chunk, dataStart + e.begin() + (long) from * Float.BYTES, name);
      chunk.flip();
      crc.update(chunk.duplicate());
      chunk.asFloatBuffer().get(data, from, count);
    }
    if (checksum != null && !checksum.equals(hex(crc.getValue()))) {
      throw new CheckpointException(
          name
              + ": tensor '"
              + e.name()
              + "' is damaged: its CRC32 is "
              + hex(crc.getValue())
              + " but the file's "
              + CHECKSUM_KEY
              + " says "
              + checksum);
    }
    return new HostTensor(e.shape(), data);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String name)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new CheckpointException(name + ": file ended early at byte " + at);
      }
      at += n;
    }
  }

  private static String utf8(String name, ByteBuffer bytes) throws CheckpointException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new CheckpointException(name + ": the safetensors header is not valid UTF-8", e);
    }
  }
}
