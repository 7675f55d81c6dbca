package dev.stratum.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a numeric CSV file into an {@link ArrayDataset}: chosen columns become the targets, the
 * others the inputs (shape {@code [inputColumns]}).
 *
 * <pre>{@code
 * ArrayDataset iris = CsvReader.builder().header(true).labelColumn("species").build().read(path);
 * }</pre>
 *
 * <p>Targets are either {@linkplain Builder#targetColumns(String...) columns} (shape {@code
 * [columns]}) or one {@linkplain Builder#labelColumn(String) label column} of class indices (shape
 * {@code []}, whole numbers {@code >= 0}; see {@link Dataset#oneHotTargets} for one-hot vectors).
 * With no target columns every column is an input and the targets are the inputs (for an
 * autoencoder). Cells are trimmed; a cell wrapped in double quotes is unwrapped (no delimiters
 * inside quotes); blank lines are skipped. A ragged row, a cell that is not a number or a label
 * that is not a class index gets a {@link MalformedDataException} naming the source, the line and
 * the column. NaN and infinities ({@code nan}, {@code inf}, or a number too large for a float) are
 * refused too, with the sample index, unless {@link Builder#allowNonFinite(boolean)} keeps them:
 * one of them in the data turns every loss it touches into NaN, far from its cause.
 *
 * <p>A reader is only its configuration and is {@link java.io.Serializable}, so that it can be sent
 * to the machines that read the parts of a file (the {@code spark} module's {@code SampleFiles}).
 */
public final class CsvReader implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final boolean header;
  private final char delimiter;
  private final List<String> targetNames;
  private final int[] targetIndices;
  private final boolean label;
  private final boolean allowNonFinite;

  private CsvReader(Builder b) {
    this.allowNonFinite = b.allowNonFinite;
    this.header = b.header;
    this.delimiter = b.delimiter;
    this.targetNames = b.targetNames;
    this.targetIndices = b.targetIndices;
    this.label = b.label;
  }

  /** Whether the first non-blank line names the columns. */
  public boolean header() {
    return header;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads a UTF-8 file. */
  public ArrayDataset read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MalformedDataException(file + ": not UTF-8 text (" + e + ")");
    }
  }

  /** Reads from {@code in}; {@code source} names it in error messages. */
  public ArrayDataset read(Reader in, String source) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<String> names = null;
    int columns = -1;
    int widthLine = 0;
    int[] targets = null;
    boolean[] isTarget = null;
    float[] row = null;
    FloatList inputs = new FloatList();
    FloatList outputs = new FloatList();
    int lineNumber = 0;
    int sample = 0;
    for (String line; (line = lines.readLine()) != null; ) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = split(line);
      if (columns < 0) {
        columns = cells.length;
        widthLine = lineNumber;
        if (header) {
          names = Arrays.asList(cells);
        }
        targets = resolveTargets(names, columns, source);
        isTarget = new boolean[columns];
        for (int t : targets) {
          isTarget[t] = true;
        }
        row = new float[columns];
        if (header) {
          continue;
        }
      } else if (cells.length != columns) {
        throw new MalformedDataException(
            source
                + " line "
                + lineNumber
                + ": "
                + cells.length
                + " cells, but line "
                + widthLine
                + (header ? " (the header)" : "")
                + " has "
                + columns);
      }
      for (int c = 0; c < columns; c++) {
        row[c] = parse(cells[c], source, lineNumber, c, names);
        if (!allowNonFinite && !Float.isFinite(row[c])) {
          throw new MalformedDataException(
              source
                  + " line "
                  + lineNumber
                  + " (sample "
                  + sample
                  + "), "
                  + columnName(c, names)
                  + ": '"
                  + cells[c].strip()
                  + "' is "
                  + row[c]
                  + ", not a finite number (allowNonFinite(true) keeps such values)");
        }
      }
      sample++;
      for (int c = 0; c < columns; c++) {
        if (!isTarget[c]) {
          inputs.add(row[c]);
        }
      }
      for (int t : targets) {
        if (label && !(row[t] >= 0 && row[t] == Math.rint(row[t]) && row[t] < (1 << 24))) {
          throw new MalformedDataException(
              source
                  + " line "
                  + lineNumber
                  + ", "
                  + columnName(t, names)
                  + ": label "
                  + cells[t].strip()
                  + " is not a class index (a whole number >= 0)");
        }
        outputs.add(row[t]);
      }
    }
    if (columns < 0) {
      throw new MalformedDataException(source + ": no rows (the file is empty)");
    }
    int inputColumns = columns - targets.length;
    if (inputColumns == 0) {
      throw new MalformedDataException(
          source + ": every one of the " + columns + " columns is a target; no input is left");
    }
    SampleArray x = SampleArray.floats(inputs.toArray(), inputColumns);
    if (targets.length == 0) {
      return new ArrayDataset(x, x);
    }
    return new ArrayDataset(
        x,
        label
            ? SampleArray.floats(outputs.toArray())
            : SampleArray.floats(outputs.toArray(), targets.length));
  }

  private int[] resolveTargets(List<String> names, int columns, String source)
      throws MalformedDataException {
    int[] out;
    if (targetNames != null) {
      if (names == null) {
        throw new MalformedDataException(
            source + ": target columns are named " + targetNames + ", but there is no header");
      }
      out = new int[targetNames.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = names.stream().map(String::strip).toList().indexOf(targetNames.get(i));
        if (out[i] < 0) {
          throw new MalformedDataException(
              source + ": no column named '" + targetNames.get(i) + "'; the columns are " + names);
        }
      }
    } else {
      out = targetIndices.clone();
      for (int t : out) {
        if (t >= columns) {
          throw new MalformedDataException(
              source
                  + ": target column "
                  + t
                  + " does not exist; the file has "
                  + columns
                  + " columns (0 to "
                  + (columns - 1)
                  + ")");
        }
      }
    }
    if (Arrays.stream(out).distinct().count() != out.length) {
      throw new MalformedDataException(
          source + ": a target column is named twice: " + Arrays.toString(out));
    }
    return out;
  }

  private String[] split(String line) {
    List<String> cells = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == delimiter) {
        String cell = line.substring(start, i).strip();
        if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
          cell = cell.substring(1, cell.length() - 1).strip();
        }
        cells.add(cell);
        start = i + 1;
      }
    }
    return cells.toArray(String[]::new);
  }

  private static float parse(String cell, String source, int line, int column, List<String> names)
      throws MalformedDataException {
    switch (cell.toLowerCase(java.util.Locale.ROOT)) {
      case "nan" -> {
        return Float.NaN;
      }
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Float.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Float.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    // a number ends with a digit or a point; this refuses Java's suffixes such as "1f" or "2d"
    char last = cell.isEmpty() ? ' ' : cell.charAt(cell.length() - 1);
    if (Character.isDigit(last) || last == '.') {
      try {
        return Float.parseFloat(cell);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new MalformedDataException(
        source
            + " line "
            + line
            + ", "
            + columnName(column, names)
            + ": "
            + (cell.isEmpty() ? "an empty cell" : "'" + cell + "'")
            + " is not a number");
  }

  private static String columnName(int column, List<String> names) {
    return names == null
        ? "column " + column
        : "column " + column + " ('" + names.get(column).strip() + "')";
  }

  /** A growable float array, to avoid boxing a whole file. */
  private static final class FloatList {
    private float[] data = new float[1024];
    private int size;

    void add(float v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  /** Configures a {@link CsvReader}. */
  public static final class Builder {
    private boolean header;
    private char delimiter = ',';
    private List<String> targetNames;
    private int[] targetIndices = {};
    private boolean label;
    private boolean allowNonFinite;

    private Builder() {}

    /** Whether NaN and infinite cells are kept (default false: refused with the sample index). */
    public Builder allowNonFinite(boolean allow) {
      this.allowNonFinite = allow;
      return this;
    }

    /** Whether the first non-blank line names the columns (default false). */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /** The cell separator (default {@code ','}). */
    public Builder delimiter(char delimiter) {
      if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
        throw new IllegalArgumentException("csv: '" + delimiter + "' cannot be a delimiter");
      }
      this.delimiter = delimiter;
      return this;
    }

    /** Target columns by position from 0 (default none: every column is an input). */
    public Builder targetColumns(int... columns) {
      for (int c : columns) {
        if (c < 0) {
          throw new IllegalArgumentException("csv: target column " + c + " is negative");
        }
      }
      this.targetIndices = columns.clone();
      this.targetNames = null;
      this.label = false;
      return this;
    }

    /** Target columns by header name (needs {@link #header(boolean) header(true)}). */
    public Builder targetColumns(String... names) {
      this.targetNames = List.of(names);
      this.label = false;
      return this;
    }

    /** One column of class indices as the target, by position. */
    public Builder labelColumn(int column) {
      targetColumns(column);
      this.label = true;
      return this;
    }

    /** One column of class indices as the target, by header name. */
    public Builder labelColumn(String name) {
      targetColumns(name);
      this.label = true;
      return this;
    }

    public CsvReader build() {
      return new CsvReader(this);
    }
  }
}
