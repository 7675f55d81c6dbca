package dev.stratum.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28×28 grey images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, in the IDX format. The default copy is the one
 * Debian's {@code dataset-fashion-mnist} package installs in {@value #DEFAULT_FOLDER}.
 *
 * <p>Inputs have shape {@code [1, 28, 28]} and hold {@code u8 / 255f}; targets are class indices
 * (shape {@code []}); see {@link Idx#load}.
 */
public final class FashionMnist {

  /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
  public static final String DEFAULT_FOLDER = "/usr/share/datasets/fashion-mnist";

  /** The class names, by index. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private FashionMnist() {}

  /** The training and test sets of one folder. */
  public record Split(ArrayDataset train, ArrayDataset test) {}

  /**
   * Loads both sets from {@code folder}, which holds {@code train-images-idx3-ubyte.gz}, {@code
   * train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and {@code
   * t10k-labels-idx1-ubyte.gz} (each also accepted without {@code .gz}, compressed or not).
   */
  public static Split load(Path folder) throws IOException {
    return new Split(load(folder, "train"), load(folder, "t10k"));
  }

  /** The training set from {@value #DEFAULT_FOLDER}. */
  public static ArrayDataset train() {
    return loadDefault("train");
  }

  /** The test set from {@value #DEFAULT_FOLDER}. */
  public static ArrayDataset test() {
    return loadDefault("t10k");
  }

  /** One set ({@code "train"} or {@code "t10k"}) from {@code folder}. */
  public static ArrayDataset load(Path folder, String set) throws IOException {
    ArrayDataset data =
        Idx.load(
            find(folder, set + "-images-idx3-ubyte"), find(folder, set + "-labels-idx1-ubyte"));
    float[] label = new float[1];
    for (int i = 0; i < data.size(); i++) {
      data.copyTarget(i, label, 0);
      if (label[0] >= CLASSES.size()) {
        throw new MalformedDataException(
            folder
                + ": "
                + set
                + " label "
                + i
                + " is "
                + (int) label[0]
                + ", but Fashion-MNIST has classes 0 to 9 only");
      }
    }
    return data;
  }

  private static ArrayDataset loadDefault(String set) {
    try {
      return load(Path.of(DEFAULT_FOLDER), set);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path find(Path folder, String name) throws IOException {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new FileNotFoundException(
          "Fashion-MNIST: " + folder + " is a file, not the folder of the four IDX files");
    }
    if (Files.isDirectory(folder) && !(Files.isReadable(folder) && Files.isExecutable(folder))) {
      throw new AccessDeniedException(
          folder.toString(),
          null,
          "the Fashion-MNIST folder cannot be read (permission denied): give this user read and"
              + " search permission on it (chmod a+rx), or copy the files to a folder it can read");
    }
    Path gz = folder.resolve(name + ".gz");
    Path plain = folder.resolve(name);
    for (Path file : List.of(gz, plain)) {
      if (Files.isRegularFile(file)) {
        if (!Files.isReadable(file)) {
          throw new AccessDeniedException(
              file.toString(),
              null,
              "the Fashion-MNIST file cannot be read (permission denied): give this user read"
                  + " permission on it (chmod a+r)");
        }
        return file;
      }
      if (Files.isDirectory(file)) {
        throw new FileNotFoundException("Fashion-MNIST: " + file + " is a folder, not an IDX file");
      }
    }
    String hint =
        folder.equals(Path.of(DEFAULT_FOLDER))
            ? "install Debian's dataset-fashion-mnist package (apt-get install"
                + " dataset-fashion-mnist), or load the files from another folder with"
                + " FashionMnist.load(folder)"
            : "the folder must hold the four IDX files of Fashion-MNIST (Debian's"
                + " dataset-fashion-mnist package installs them in "
                + DEFAULT_FOLDER
                + ")";
    throw new FileNotFoundException(
        "Fashion-MNIST not found: " + gz + " (or " + plain + ") does not exist; " + hint);
  }
}
