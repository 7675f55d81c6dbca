package dev.stratum.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file, parsed and checked against the size of the data that
 * follows it: every entry well formed, dtype F32, byte length equal to 4 × the element count, and
 * the entries covering the data exactly, without overlaps or holes (as the format requires).
 */
record SafeTensorsHeader(Map<String, Entry> entries, Map<String, String> metadata) {

  /** One tensor's place in the data section. */
  record Entry(String name, int[] shape, long begin, long end) {}

  static final String METADATA_KEY = "__metadata__";

  /** The deepest nesting of arrays and objects a header, architecture or optimizer file may use. */
  static final int MAX_NESTING_DEPTH = 128;

  /**
   * JSON with duplicate keys refused (a duplicate tensor name would otherwise win silently) and
   * nesting bounded, so a hostile file of brackets cannot exhaust the stack.
   */
  static final JSON JSON_STRICT =
      new JSON(
          JsonFactory.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
              .build());

  /** Parses {@code json} and checks it against a data section of {@code dataLength} bytes. */
  static SafeTensorsHeader parse(String file, String json, long dataLength)
      throws CheckpointException {
    Object root;
    try {
      root = JSON_STRICT.anyFrom(json);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(
          file + ": the safetensors header is not valid JSON: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new CheckpointException(file + ": the safetensors header is not a JSON object");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA_KEY)) {
        metadata.putAll(metadata(file, e.getValue()));
      } else {
        entries.put(name, entry(file, name, e.getValue(), dataLength));
      }
    }
    checkCoverage(file, entries, dataLength);
    return new SafeTensorsHeader(entries, metadata);
  }

  private static Map<String, String> metadata(String file, Object value)
      throws CheckpointException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new CheckpointException(file + ": __metadata__ must be an object of strings");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new CheckpointException(
            file + ": __metadata__ value of '" + e.getKey() + "' is not a string: " + e.getValue());
      }
      result.put((String) e.getKey(), s);
    }
    return result;
  }

  private static Entry entry(String file, String name, Object value, long dataLength)
      throws CheckpointException {
    String where = file + ": tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> fields)) {
      throw new CheckpointException(where + ": entry is not a JSON object");
    }
    Object dtype = fields.get("dtype");
    if (!(dtype instanceof String)) {
      throw new CheckpointException(where + ": missing or non-string dtype: " + dtype);
    }
    if (!dtype.equals("F32")) {
      throw new CheckpointException(
          where + ": unsupported dtype " + dtype + " (Stratum reads F32 tensors only)");
    }
    int[] shape = shape(where, fields.get("shape"));
    long[] offsets = offsets(where, fields.get("data_offsets"));
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end || end > dataLength) {
      throw new CheckpointException(
          where
              + ": data_offsets ["
              + begin
              + ", "
              + end
              + "] are out of range for a data section of "
              + dataLength
              + " bytes");
    }
    long elements;
    try {
      elements = HostTensor.elementCount(shape);
    } catch (ArithmeticException e) {
      elements = Long.MAX_VALUE; // found by HostileFilesTest: the product overflowed a long
    }
    if (elements > Integer.MAX_VALUE) {
      throw new CheckpointException(
          where + ": shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
    }
    if (end - begin != elements * Float.BYTES) {
      throw new CheckpointException(
          where
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + elements * Float.BYTES
              + " bytes of F32 but data_offsets ["
              + begin
              + ", "
              + end
              + "] hold "
              + (end - begin));
    }
    return new Entry(name, shape, begin, end);
  }

  private static int[] shape(String where, Object value) throws CheckpointException {
    if (!(value instanceof List<?> list)) {
      throw new CheckpointException(where + ": missing or non-list shape: " + value);
    }
    int[] shape = new int[list.size()];
    for (int i = 0; i < shape.length; i++) {
      long d = integer(where, "shape", list.get(i));
      if (d > Integer.MAX_VALUE) {
        throw new CheckpointException(
            where + ": dimension " + d + " in shape " + list + " is too big");
      }
      shape[i] = (int) d;
    }
    return shape;
  }

  private static long[] offsets(String where, Object value) throws CheckpointException {
    if (!(value instanceof List<?> list) || list.size() != 2) {
      throw new CheckpointException(
          where + ": data_offsets must be a list [begin, end], got " + value);
    }
    return new long[] {
      integer(where, "data_offsets", list.get(0)), integer(where, "data_offsets", list.get(1))
    };
  }

  private static long integer(String where, String field, Object value) throws CheckpointException {
    boolean integral = value instanceof Integer || value instanceof Long;
    if (value instanceof BigInteger || !integral || ((Number) value).longValue() < 0) {
      throw new CheckpointException(
          where + ": " + field + " must hold non-negative integers, got " + value);
    }
    return ((Number) value).longValue();
  }

  /** The entries, sorted by offset, must tile {@code [0, dataLength)} exactly. */
  private static void checkCoverage(String file, Map<String, Entry> entries, long dataLength)
      throws CheckpointException {
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long position = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < position) {
        throw new CheckpointException(
            file
                + ": tensors '"
                + previous.name()
                + "' ["
                + previous.begin()
                + ", "
                + previous.end()
                + "] and '"
                + e.name()
                + "' ["
                + e.begin()
                + ", "
                + e.end()
                + "] overlap");
      }
      if (e.begin() > position) {
        throw new CheckpointException(
            file + ": bytes [" + position + ", " + e.begin() + ") of the data belong to no tensor");
      }
      position = e.end();
      previous = e;
    }
    if (position != dataLength) {
      throw new CheckpointException(
          file + ": bytes [" + position + ", " + dataLength + ") of the data belong to no tensor");
    }
  }
}
