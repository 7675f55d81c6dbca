package dev.stratum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @TempDir Path dir;

  /** Five 2×3 images whose pixels count up from 250 (wrapping), labels 0..4. */
  private static Idx.Array images(int count) {
    byte[] data = new byte[count * 6];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (250 + i);
    }
    return new Idx.Array(new int[] {count, 2, 3}, data);
  }

  private static Idx.Array labels(int count) {
    byte[] data = new byte[count];
    for (int i = 0; i < count; i++) {
      data[i] = (byte) i;
    }
    return new Idx.Array(new int[] {count}, data);
  }

  private Path write(String name, Idx.Array array, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    Idx.write(file, array, gzip);
    return file;
  }

  @Test
  void gzipAndPlainFilesReadTheSameAndScalePixelsByOneOver255() throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      ArrayDataset data =
          Idx.load(write("x" + gzip, images(5), gzip), write("y" + gzip, labels(5), gzip));
      assertThat(data.size()).isEqualTo(5);
      assertThat(data.inputShape()).containsExactly(1, 2, 3);
      assertThat(data.targetShape()).isEmpty();
      // sample 1 holds bytes 256..261 mod 256 = 0..5
      assertThat(data.input(1))
          .containsExactly(0f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f, 5 / 255f);
      assertThat(data.input(0)[5]).isEqualTo(255 / 255f);
      assertThat(data.target(4)).containsExactly(4f);
    }
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesNotByTheFileName() throws IOException {
    Path gzipNamedPlain = write("images.idx", images(3), true);
    Path plainNamedGzip = write("images.gz", images(3), false);
    assertThat(Files.readAllBytes(gzipNamedPlain)).startsWith((byte) 0x1f, (byte) 0x8b);
    assertThat(Idx.readImages(gzipNamedPlain).data()).isEqualTo(images(3).data());
    assertThat(Idx.readImages(plainNamedGzip).data()).isEqualTo(images(3).data());
  }

  @Test
  void aLabelFileIsNotAnImageFile() throws IOException {
    Path file = write("labels", labels(3), true);
    assertThatThrownBy(() -> Idx.readImages(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(file + ": magic number 0x00000801 is not that of an image file (0x00000803)");
    Path images = write("images", images(3), false);
    assertThatThrownBy(() -> Idx.readLabels(images))
        .hasMessage(images + ": magic number 0x00000803 is not that of a label file (0x00000801)");
  }

  @Test
  void aFileThatIsNotIdxHasABadMagicNumber() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello, world");
    assertThatThrownBy(() -> Idx.read(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            file
                + ": magic number 0x68656C6C is not that of an unsigned-byte IDX file (0x00000803"
                + " for images, 0x00000801 for labels)");
    Path floats = dir.resolve("floats.idx");
    Files.write(floats, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0});
    assertThatThrownBy(() -> Idx.read(floats)).hasMessageContaining("magic number 0x00000D01");
  }

  @Test
  void aTruncatedPlainFileSaysHowManyBytesWereExpectedAndFound() throws IOException {
    Path file = write("images", images(5), false);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> Idx.readImages(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            file + ": truncated: the header [5, 2, 3] promises 30 data bytes, but only 20 follow");
  }

  @Test
  void aTruncatedHeaderIsReported() throws IOException {
    Path shortMagic = dir.resolve("short");
    Files.write(shortMagic, new byte[] {0, 0});
    assertThatThrownBy(() -> Idx.read(shortMagic))
        .hasMessage(
            shortMagic + ": truncated IDX header: expected a 4-byte magic number, found 2 bytes");
    Path shortDims = dir.resolve("dims");
    Files.write(shortDims, new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0});
    assertThatThrownBy(() -> Idx.read(shortDims))
        .hasMessage(
            shortDims
                + ": truncated IDX header: 3 dimensions need 12 bytes after the magic number,"
                + " found 6");
  }

  /** Headers that claim 2^31 images or more fail on the header alone, before any allocation. */
  @Test
  void aHeaderClaimingTwoToThe31ImagesFailsBeforeAllocating() throws IOException {
    Path huge = dir.resolve("huge");
    // 2^31 images of 28 × 28, then only 16 bytes
    Files.write(
        huge, new byte[] {0, 0, 8, 3, (byte) 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4});
    assertThatThrownBy(() -> Idx.read(huge))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            huge
                + ": dimensions [2147483648, 28, 28] claim 2^31 or more bytes or samples, more"
                + " than one array can hold (2^31 - 9)");
    Path zeroBytes = dir.resolve("zero");
    // 2^32 - 1 samples of size 0 hold no bytes, but no int can count them
    Files.write(zeroBytes, new byte[] {0, 0, 8, 2, -1, -1, -1, -1, 0, 0, 0, 0});
    assertThatThrownBy(() -> Idx.read(zeroBytes))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("[4294967295, 0] claim 2^31 or more");
    Path product = dir.resolve("product");
    // 60,000 × 60,000 × 60,000: each size fits an int, the product does not fit a long check
    Files.write(
        product,
        new byte[] {
          0, 0, 8, 3, 0, 0, (byte) 0xEA, 0x60, 0, 0, (byte) 0xEA, 0x60, 0, 0, (byte) 0xEA, 0x60
        });
    assertThatThrownBy(() -> Idx.read(product))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("[60000, 60000, 60000] claim 2^31 or more");
  }

  @Test
  void aTruncatedGzipFileIsReportedAsTruncated() throws IOException {
    // incompressible pixels, so that cutting the compressed file cuts the data
    byte[] pixels = new byte[100 * 28 * 28];
    new Random(1).nextBytes(pixels);
    Path file = write("images.gz", new Idx.Array(new int[] {100, 28, 28}, pixels), true);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> Idx.readImages(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(
            file + ": truncated: the header [100, 28, 28] promises 78400 data bytes, but only ")
        .hasMessageEndingWith(" follow");
  }

  @Test
  void corruptGzipDataIsReported() throws IOException {
    Path file = write("images.gz", images(50), true);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 8] ^= 0x55; // the CRC-32 of the trailer no longer matches the data
    Files.write(file, bytes);
    assertThatThrownBy(() -> Idx.readImages(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(file + ": corrupt gzip data: Corrupt GZIP trailer");
  }

  @Test
  void bytesAfterTheDataAreReported() throws IOException {
    Path file = write("labels", labels(4), false);
    Files.write(file, new byte[] {7, 7}, java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> Idx.readLabels(file))
        .hasMessage(file + ": more bytes follow the 4 data bytes that the header [4] promises");
  }

  @Test
  void imageAndLabelCountsMustMatch() throws IOException {
    Path x = write("x", images(5), true);
    Path y = write("y", labels(4), true);
    assertThatThrownBy(() -> Idx.load(x, y))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(x + " holds 5 images but " + y + " holds 4 labels; they must match one to one");
  }

  @Test
  void fashionMnistLoadsAFolderWithTheStandardNames() throws IOException {
    write("train-images-idx3-ubyte.gz", images(5), true);
    write("train-labels-idx1-ubyte.gz", labels(5), true);
    write("t10k-images-idx3-ubyte", images(2), false);
    write("t10k-labels-idx1-ubyte", labels(2), false);
    FashionMnist.Split split = FashionMnist.load(dir);
    assertThat(split.train().size()).isEqualTo(5);
    assertThat(split.test().size()).isEqualTo(2);
    assertThat(split.test().target(1)).containsExactly(1f);
  }

  @Test
  void fashionMnistRefusesLabelsAbove9() throws IOException {
    write("train-images-idx3-ubyte.gz", images(11), true);
    write("train-labels-idx1-ubyte.gz", labels(11), true);
    assertThatThrownBy(() -> FashionMnist.load(dir, "train"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(dir + ": train label 10 is 10, but Fashion-MNIST has classes 0 to 9 only");
  }

  @Test
  void aMissingFashionMnistFolderSaysWhatToInstall() {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> FashionMnist.load(missing))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(
            "Fashion-MNIST not found: " + missing.resolve("train-images-idx3-ubyte.gz"))
        .hasMessageContaining("dataset-fashion-mnist");
  }
}
