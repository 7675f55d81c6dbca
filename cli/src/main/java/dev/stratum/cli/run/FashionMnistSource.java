package dev.stratum.cli.run;

import dev.stratum.data.FashionMnist;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where a run's Fashion-MNIST comes from: a folder given with {@code --data}; else the full set
 * that Debian's {@code dataset-fashion-mnist} installs, when it is there; else the 1,000-image
 * subset that travels inside the tool (100 training images per class, 20 test images per class).
 */
public final class FashionMnistSource {

  /** The name {@code run.json} keeps for the subset inside the tool. */
  public static final String BUNDLED = "bundled-subset";

  private static final String RESOURCES = "/dev/stratum/cli/fashion-mnist-subset/";
  private static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  private FashionMnistSource() {}

  /** The data of a run: the folder read, and a sentence saying which data it is. */
  public record Loaded(FashionMnist.Split split, String source, String description) {}

  /** The source {@code --data} names, or the default: {@code data} is {@code null} when absent. */
  public static String choose(Path data) {
    if (data != null) {
      return data.toAbsolutePath().normalize().toString();
    }
    Path debian = Path.of(FashionMnist.DEFAULT_FOLDER);
    return Files.isRegularFile(debian.resolve(FILES.get(0))) ? debian.toString() : BUNDLED;
  }

  /** Checks that a folder source holds the files, before anything is loaded. */
  public static void check(String source) {
    if (source.equals(BUNDLED)) {
      return;
    }
    Path folder = Path.of(source);
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "--data " + source + ": no such folder (it must hold the four Fashion-MNIST IDX files)");
    }
    for (String file : FILES) {
      String plain = file.substring(0, file.length() - 3);
      if (!Files.isRegularFile(folder.resolve(file))
          && !Files.isRegularFile(folder.resolve(plain))) {
        throw new IllegalArgumentException(
            "--data "
                + source
                + ": "
                + file
                + " (or "
                + plain
                + ") is missing; the folder must"
                + " hold the four Fashion-MNIST IDX files (Debian's dataset-fashion-mnist package"
                + " installs them in "
                + FashionMnist.DEFAULT_FOLDER
                + ")");
      }
    }
  }

  /** Loads the source. */
  public static Loaded load(String source) throws IOException {
    if (!source.equals(BUNDLED)) {
      FashionMnist.Split split = FashionMnist.load(Path.of(source));
      return new Loaded(split, source, describe(split, "Fashion-MNIST from " + source));
    }
    Path folder = Files.createTempDirectory("stratum-fashion-mnist");
    try {
      for (String file : FILES) {
        try (InputStream in = FashionMnistSource.class.getResourceAsStream(RESOURCES + file)) {
          if (in == null) {
            throw new IOException(
                "the Fashion-MNIST subset is missing from the tool (" + file + ")");
          }
          Files.copy(in, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      FashionMnist.Split split = FashionMnist.load(folder);
      return new Loaded(
          split,
          BUNDLED,
          describe(split, "the Fashion-MNIST subset inside the tool")
              + "; for all 70,000 images: apt-get install dataset-fashion-mnist");
    } finally {
      deleteQuietly(folder);
    }
  }

  private static String describe(FashionMnist.Split split, String what) {
    return String.format(
        java.util.Locale.ROOT,
        "%s (%,d training and %,d test images)",
        what,
        split.train().size(),
        split.test().size());
  }

  private static void deleteQuietly(Path folder) {
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the temporary folder " + folder, e);
    }
  }
}
