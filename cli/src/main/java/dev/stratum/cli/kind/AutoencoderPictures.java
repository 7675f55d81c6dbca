package dev.stratum.cli.kind;

import dev.stratum.cli.picture.CodeMap;
import dev.stratum.cli.picture.ImageGrid;
import dev.stratum.cli.picture.Picture;
import dev.stratum.cli.picture.PrincipalComponents;
import dev.stratum.data.Batch;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The pictures every kind with codes or reconstructions shares (the dense autoencoder today; the
 * variational, convolutional and other autoencoders when they come): test images beside their
 * reconstructions, and the codes of the test set on a plane coloured by class.
 */
public final class AutoencoderPictures {

  /** How many images go through the model at once. */
  private static final int BATCH = 500;

  private AutoencoderPictures() {}

  /**
   * The first {@code perClass} images of each class, their reconstructions and the mean squared
   * error over those pixels.
   */
  public record Reconstructions(
      int[] indices, int[] classes, float[][] inputs, float[][] outputs, double meanSquaredError) {}

  /** Runs the first {@code perClass} images of each class through the model. */
  public static <K extends ModelKind & Reconstructs> Reconstructions reconstruct(
      K kind, Trained trained, int perClass) {
    if (perClass < 1) {
      throw new IllegalArgumentException("need at least 1 image per class, got " + perClass);
    }
    int[] labels = labels(trained.images());
    int classCount = FashionMnist.CLASSES.size();
    List<Integer> chosen = new ArrayList<>();
    for (int c = 0; c < classCount; c++) {
      int found = 0;
      for (int i = 0; i < labels.length && found < perClass; i++) {
        if (labels[i] == c) {
          chosen.add(i);
          found++;
        }
      }
    }
    int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
    Dataset inputs = trained.images().withInputShape(kind.inputShape());
    float[][] in = new float[indices.length][];
    float[][] out = new float[indices.length][];
    double squares = 0;
    long count = 0;
    trained.model().train(false);
    try (NoGrad off = Autograd.noGrad();
        TensorScope scope = TensorScope.open();
        Batch batch = inputs.batch(trained.backend(), indices)) {
      Tensor reconstructed = kind.reconstruct(trained.model(), batch.inputs());
      float[] all = batch.inputs().toArray();
      float[] back = reconstructed.toArray();
      int size = all.length / indices.length;
      for (int i = 0; i < indices.length; i++) {
        in[i] = java.util.Arrays.copyOfRange(all, i * size, (i + 1) * size);
        out[i] = java.util.Arrays.copyOfRange(back, i * size, (i + 1) * size);
        for (int j = 0; j < size; j++) {
          double e = in[i][j] - out[i][j];
          squares += e * e;
          count++;
        }
      }
    }
    int[] classes = IntStream.of(indices).map(i -> labels[i]).toArray();
    return new Reconstructions(indices, classes, in, out, squares / count);
  }

  /**
   * Draws {@code perClass} test images of each class (one column per class) above their
   * reconstructions into {@code file}.
   */
  public static <K extends ModelKind & Reconstructs> Picture reconstructions(
      K kind, Trained trained, Path file, int perClass) throws IOException {
    Reconstructions r = reconstruct(kind, trained, perClass);
    int classCount = FashionMnist.CLASSES.size();
    float[][][] cells = new float[2 * perClass][classCount][];
    List<String> rowLabels = new ArrayList<>();
    for (int k = 0; k < perClass; k++) {
      rowLabels.add("input");
      rowLabels.add("reconstruction");
    }
    int[] filled = new int[classCount];
    for (int i = 0; i < r.indices().length; i++) {
      int c = r.classes()[i];
      int k = filled[c]++;
      cells[2 * k][c] = r.inputs()[i];
      cells[2 * k + 1][c] = r.outputs()[i];
    }
    for (float[][] row : cells) {
      for (int c = 0; c < classCount; c++) {
        if (row[c] == null) {
          row[c] = new float[28 * 28]; // a class with fewer images than asked: a black square
        }
      }
    }
    String title = "Test images and their reconstructions";
    ImageGrid.write(ImageGrid.draw(title, rowLabels, FashionMnist.CLASSES, cells, 28, 28), file);
    return new Picture(
        file.getFileName().toString(),
        title,
        String.format(
            Locale.ROOT,
            "Each column is a class; each test image is followed by what the model makes of it."
                + " Mean squared error per pixel over these %d images: %.4f.",
            r.indices().length,
            r.meanSquaredError()));
  }

  /** The codes of all of {@code trained.images()}, one row per image. */
  public static <K extends ModelKind & Encodes> float[][] codes(K kind, Trained trained) {
    Dataset inputs = trained.images().withInputShape(kind.inputShape());
    int n = inputs.size();
    float[][] codes = new float[n][];
    trained.model().train(false);
    for (int start = 0; start < n; start += BATCH) {
      int[] indices = IntStream.range(start, Math.min(n, start + BATCH)).toArray();
      try (NoGrad off = Autograd.noGrad();
          TensorScope scope = TensorScope.open();
          Batch batch = inputs.batch(trained.backend(), indices)) {
        Tensor z = kind.encode(trained.model(), batch.inputs());
        float[] values = z.toArray();
        int size = values.length / indices.length;
        for (int i = 0; i < indices.length; i++) {
          codes[start + i] = java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size);
        }
      }
    }
    return codes;
  }

  /**
   * The codes of the images on a plane, coloured by class: the code itself when it has two values,
   * else its first two principal components.
   */
  public static <K extends ModelKind & Encodes> Picture codeMap(K kind, Trained trained, Path file)
      throws IOException {
    float[][] codes = codes(kind, trained);
    int[] classes = labels(trained.images());
    int size = codes.length == 0 ? 0 : codes[0].length;
    double[] x = new double[codes.length];
    double[] y = new double[codes.length];
    String xTitle;
    String yTitle;
    String how;
    if (size == 2) {
      for (int i = 0; i < codes.length; i++) {
        x[i] = codes[i][0];
        y[i] = codes[i][1];
      }
      xTitle = "code value 1";
      yTitle = "code value 2";
      how = "Each point is the 2-value code of one test image.";
    } else if (size == 1) {
      for (int i = 0; i < codes.length; i++) {
        x[i] = codes[i][0];
        y[i] = classes[i];
      }
      xTitle = "code value";
      yTitle = "class index";
      how = "Each point is the 1-value code of one test image, on the row of its class.";
    } else {
      PrincipalComponents pca = PrincipalComponents.of(codes, 2);
      for (int i = 0; i < codes.length; i++) {
        x[i] = pca.projected()[i][0];
        y[i] = pca.projected()[i][1];
      }
      xTitle =
          String.format(
              Locale.ROOT, "principal component 1 (%.0f%% of variance)", 100 * pca.explained()[0]);
      yTitle =
          String.format(
              Locale.ROOT, "principal component 2 (%.0f%% of variance)", 100 * pca.explained()[1]);
      how =
          String.format(
              Locale.ROOT,
              "Each point is the %d-value code of one test image, projected on the two directions"
                  + " along which the codes vary most (%.0f%% of their variance together).",
              size,
              100 * (pca.explained()[0] + pca.explained()[1]));
    }
    String title = String.format(Locale.ROOT, "Codes of %,d test images, by class", codes.length);
    CodeMap.draw(title, xTitle, yTitle, x, y, classes, FashionMnist.CLASSES, file);
    return new Picture(
        file.getFileName().toString(),
        title,
        how + " The model never saw the classes: clusters show what it learned on its own.");
  }

  /** The class index of every sample of a Fashion-MNIST data set. */
  static int[] labels(Dataset images) {
    int[] labels = new int[images.size()];
    float[] target = new float[1];
    for (int i = 0; i < labels.length; i++) {
      images.copyTarget(i, target, 0);
      labels[i] = (int) target[0];
    }
    return labels;
  }
}
