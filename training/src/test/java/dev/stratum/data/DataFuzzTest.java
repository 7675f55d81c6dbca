package dev.stratum.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets for the readers of outside data: IDX (gzip-compressed or plain, told apart by the
 * first bytes) and CSV, with and without a header. Each input must load or throw a {@link
 * MalformedDataException}; anything else is a finding. The corpus, seeded from the Fashion-MNIST
 * subset and small CSV files, is in {@code src/test/resources/.../DataFuzzTestInputs}.
 */
class DataFuzzTest {

  private static final Path DIR = temporaryDirectory();

  private static Path temporaryDirectory() {
    try {
      Path dir = Files.createTempDirectory("stratum-fuzz-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void idx(byte[] data) throws IOException {
    Path file = DIR.resolve("fuzz.idx");
    Files.write(file, data);
    try {
      Idx.read(file);
    } catch (MalformedDataException expected) {
      // the reader's own, clear refusal
    }
  }

  /** The first byte picks the reader's settings; the rest is the file. */
  @FuzzTest(maxDuration = "10m")
  void csv(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    Path file = DIR.resolve("fuzz.csv");
    Files.write(file, java.util.Arrays.copyOfRange(data, 1, data.length));
    CsvReader reader =
        switch (data[0] & 3) {
          case 0 -> CsvReader.builder().header(true).labelColumn("label").build();
          case 1 -> CsvReader.builder().header(false).targetColumns(0).build();
          case 2 -> CsvReader.builder().header(true).targetColumns("y", "z").build();
          default -> CsvReader.builder().header(false).delimiter(';').labelColumn(1).build();
        };
    try {
      reader.read(file);
    } catch (MalformedDataException expected) {
      // the reader's own, clear refusal
    }
  }
}
