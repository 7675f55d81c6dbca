package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

  private static ArrayDataset read(CsvReader reader, String text) throws IOException {
    return reader.read(new StringReader(text), "data.csv");
  }

  @Test
  void aHeaderAndANamedLabelColumnGiveInputsAndClassIndices() throws IOException {
    CsvReader reader = CsvReader.builder().header(true).labelColumn("species").build();
    ArrayDataset data =
        read(reader, "length, species, width\n5.1, 0, 3.5\n\n6.2,2,2.9\n\"4.9\",1,-3e-1\n");
    assertThat(data.size()).isEqualTo(3);
    assertThat(data.inputShape()).containsExactly(2);
    assertThat(data.targetShape()).isEmpty();
    assertThat(data.input(0)).containsExactly(5.1f, 3.5f);
    assertThat(data.input(2)).containsExactly(4.9f, -0.3f);
    assertThat(data.target(1)).containsExactly(2f);
    assertThat(data.oneHotTargets(3).target(1)).containsExactly(0f, 0f, 1f);
  }

  @Test
  void targetColumnsByPositionKeepTheirOrderAndTheDelimiterCanChange() throws IOException {
    CsvReader reader = CsvReader.builder().delimiter(';').targetColumns(3, 0).build();
    ArrayDataset data = read(reader, "1;2;3;4\n5;6;7;8\n");
    assertThat(data.inputShape()).containsExactly(2);
    assertThat(data.targetShape()).containsExactly(2);
    assertThat(data.input(1)).containsExactly(6f, 7f);
    assertThat(data.target(1)).containsExactly(8f, 5f);
  }

  @Test
  void withoutTargetColumnsTheInputsAreTheTargets() throws IOException {
    ArrayDataset data = read(CsvReader.builder().build(), "1,2\n3,4\n");
    assertThat(data.input(1)).containsExactly(3f, 4f);
    assertThat(data.target(1)).containsExactly(3f, 4f);
  }

  @Test
  void aRaggedRowNamesItsLine() {
    CsvReader reader = CsvReader.builder().header(true).build();
    assertThatThrownBy(() -> read(reader, "a,b,c\n1,2,3\n4,5\n"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("data.csv line 3: 2 cells, but line 1 (the header) has 3");
    assertThatThrownBy(() -> read(CsvReader.builder().build(), "\n1,2\n3,4,5\n"))
        .hasMessage("data.csv line 3: 3 cells, but line 2 has 2");
  }

  @Test
  void aCellThatIsNotANumberNamesItsLineAndColumn() {
    CsvReader reader = CsvReader.builder().header(true).build();
    assertThatThrownBy(() -> read(reader, "a,b\n1,2\n3,abc\n"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("data.csv line 3, column 1 ('b'): 'abc' is not a number");
    assertThatThrownBy(() -> read(CsvReader.builder().build(), "1,,2\n"))
        .hasMessage("data.csv line 1, column 1: an empty cell is not a number");
    assertThatThrownBy(() -> read(CsvReader.builder().build(), "1f,2\n"))
        .hasMessage("data.csv line 1, column 0: '1f' is not a number");
  }

  @Test
  void nanAndInfinityAreFoundAtLoadWithTheSampleIndex() {
    CsvReader reader = CsvReader.builder().header(true).labelColumn("y").build();
    assertThatThrownBy(() -> read(reader, "a,b,y\n1,2,0\n\n3,4,1\n5,nan,1\n"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "data.csv line 5 (sample 2), column 1 ('b'): 'nan' is NaN, not a finite number"
                + " (allowNonFinite(true) keeps such values)");
    assertThatThrownBy(() -> read(CsvReader.builder().build(), "1,2\n1e39,0\n"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "data.csv line 2 (sample 1), column 0: '1e39' is Infinity, not a finite number"
                + " (allowNonFinite(true) keeps such values)");
  }

  @Test
  void bytesThatAreNotUtf8AreNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    java.nio.file.Path file = dir.resolve("latin1.csv");
    java.nio.file.Files.write(file, new byte[] {'1', ',', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> CsvReader.builder().build().read(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(file + ": not UTF-8 text (");
  }

  @Test
  void nanAndInfinityAreNumbersWhenAllowed() throws IOException {
    ArrayDataset data =
        read(CsvReader.builder().allowNonFinite(true).build(), "nan,inf,-Infinity,1.\n");
    assertThat(data.input(0))
        .containsExactly(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f);
  }

  @Test
  void aLabelMustBeAClassIndex() {
    CsvReader reader = CsvReader.builder().labelColumn(1).build();
    assertThatThrownBy(() -> read(reader, "1,0\n2,1.5\n"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "data.csv line 2, column 1: label 1.5 is not a class index (a whole number >= 0)");
    assertThatThrownBy(() -> read(reader, "1,-1\n"))
        .hasMessageContaining("label -1 is not a class index");
  }

  @Test
  void unknownTargetColumnsAreNamed() {
    assertThatThrownBy(
            () -> read(CsvReader.builder().header(true).targetColumns("z").build(), "a,b\n1,2\n"))
        .hasMessage("data.csv: no column named 'z'; the columns are [a, b]");
    assertThatThrownBy(() -> read(CsvReader.builder().targetColumns("a").build(), "1,2\n"))
        .hasMessage("data.csv: target columns are named [a], but there is no header");
    assertThatThrownBy(() -> read(CsvReader.builder().targetColumns(2).build(), "1,2\n"))
        .hasMessage("data.csv: target column 2 does not exist; the file has 2 columns (0 to 1)");
    assertThatThrownBy(() -> read(CsvReader.builder().targetColumns(0, 1).build(), "1,2\n"))
        .hasMessage("data.csv: every one of the 2 columns is a target; no input is left");
    assertThatThrownBy(() -> CsvReader.builder().targetColumns(-1))
        .hasMessage("csv: target column -1 is negative");
  }

  @Test
  void anEmptyFileIsRefused() {
    assertThatThrownBy(() -> read(CsvReader.builder().build(), "\n  \n"))
        .hasMessage("data.csv: no rows (the file is empty)");
  }

  @Test
  void aFileIsReadAsUtf8AndNamedInErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.csv");
    Files.writeString(file, "größe,y\n1,0\n2,x\n");
    CsvReader reader = CsvReader.builder().header(true).labelColumn("y").build();
    assertThatThrownBy(() -> reader.read(file))
        .hasMessage(file + " line 3, column 1 ('y'): 'x' is not a number");
  }
}
