package dev.stratum.cli.kind;

import dev.stratum.autoencoders.DenoisingAutoencoder;
import dev.stratum.autoencoders.Noise;
import dev.stratum.cli.picture.ImageGrid;
import dev.stratum.cli.picture.Picture;
import dev.stratum.data.DataLoader;
import dev.stratum.data.Dataset;
import dev.stratum.data.FashionMnist;
import dev.stratum.data.Transform;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The denoising autoencoder: the dense 784-256-CODE-256-784 shape (linear code) trained to give
 * back the clean image from a corrupted one ({@link DenoisingAutoencoder}). The training loader
 * corrupts each input with {@code --noise} at {@code --noise-level}, new noise each epoch;
 * validation and the test figures use clean inputs. The report adds a grid of clean, corrupted and
 * denoised test images.
 */
final class DenoisingKind extends LibraryAutoencoder {

  static final int DEFAULT_CODE_SIZE = 64;
  static final String DEFAULT_NOISE = "masking";

  /** The seed of the corruption; the noise of a sample is keyed by it, the epoch and the index. */
  static final long NOISE_SEED = 20_261_201L;

  /** The corruption of the test images drawn in the report: an epoch training never reaches. */
  private static final long PICTURE_EPOCH = 1_000_000L;

  @Override
  public String name() {
    return "denoising-autoencoder";
  }

  @Override
  public String description() {
    return "denoising autoencoder, 784-256-CODE-256-784 trained on corrupted inputs (--noise,"
        + " --noise-level)";
  }

  @Override
  public int[] inputShape() {
    return new int[] {784};
  }

  @Override
  public List<String> options() {
    return List.of("--code-size", "--noise", "--noise-level");
  }

  @Override
  public void check(ModelSettings settings) {
    super.check(settings);
    noise(settings);
  }

  /** The corruption the settings name: masking a quarter of the pixels unless told otherwise. */
  static Noise noise(ModelSettings settings) {
    String kind = settings.noise() != null ? settings.noise() : DEFAULT_NOISE;
    double level =
        settings.noiseLevel() != null
            ? settings.noiseLevel()
            : kind.equals("gaussian") ? 0.3 : 0.25;
    try {
      return switch (kind) {
        case "gaussian" -> Noise.gaussian(level, NOISE_SEED);
        case "masking" -> Noise.masking(level, NOISE_SEED);
        case "salt-and-pepper" -> Noise.saltAndPepper(level, NOISE_SEED);
        default -> throw new IllegalArgumentException("unknown noise '" + kind + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--noise-level: " + e.getMessage(), e);
    }
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    int code = codeSize(settings);
    return new DenoisingAutoencoder(
        inputShape(),
        denseEncoder(o, code, null),
        denseDecoder(o, code),
        new MeanSquaredError(),
        noise(settings));
  }

  @Override
  public DataLoader.Builder trainingLoader(Layer model, Dataset data) {
    return DataLoader.builder(data)
        .inputTransform(((DenoisingAutoencoder) model).noise().transform());
  }

  @Override
  public int codeSize(ModelSettings settings) {
    return codeSize(settings, DEFAULT_CODE_SIZE);
  }

  @Override
  public List<Picture> pictures(Trained trained, Path folder) throws IOException {
    List<Picture> pictures = new ArrayList<>(super.pictures(trained, folder));
    pictures.add(denoised(trained, folder.resolve("denoised.png")));
    return pictures;
  }

  /** One test image of each class: clean, corrupted as in training, and the model's output. */
  private Picture denoised(Trained trained, Path file) throws IOException {
    AutoencoderPictures.Reconstructions clean = AutoencoderPictures.reconstruct(this, trained, 1);
    Noise noise = ((DenoisingAutoencoder) trained.model()).noise();
    Transform corrupt = noise.transform();
    int n = clean.indices().length;
    float[] noisy = new float[n * 784];
    for (int i = 0; i < n; i++) {
      System.arraycopy(clean.inputs()[i], 0, noisy, i * 784, 784);
      corrupt.apply(noisy, i * 784, 784, PICTURE_EPOCH, clean.indices()[i]);
    }
    float[] denoised;
    trained.model().train(false);
    try (NoGrad off = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      Tensor out = reconstruct(trained.model(), Tensor.of(trained.backend(), noisy, n, 784));
      denoised = out.toArray();
    }
    int classes = FashionMnist.CLASSES.size();
    float[][][] cells = new float[3][classes][];
    double noisyError = 0;
    double denoisedError = 0;
    for (int i = 0; i < n; i++) {
      int c = clean.classes()[i];
      float[] in = clean.inputs()[i];
      cells[0][c] = in;
      cells[1][c] = java.util.Arrays.copyOfRange(noisy, i * 784, (i + 1) * 784);
      cells[2][c] = java.util.Arrays.copyOfRange(denoised, i * 784, (i + 1) * 784);
      for (int j = 0; j < 784; j++) {
        noisyError += square(cells[1][c][j] - in[j]);
        denoisedError += square(cells[2][c][j] - in[j]);
      }
    }
    for (float[][] row : cells) {
      for (int c = 0; c < classes; c++) {
        if (row[c] == null) {
          row[c] = new float[784];
        }
      }
    }
    String title = "Corrupted test images and what the model makes of them";
    ImageGrid.write(
        ImageGrid.draw(
            title, List.of("clean", "corrupted", "denoised"), FashionMnist.CLASSES, cells, 28, 28),
        file);
    return new Picture(
        file.getFileName().toString(),
        title,
        String.format(
            Locale.ROOT,
            "Each column is a class: a test image, the same image under %s, and the model's output"
                + " for the corrupted one. Mean squared error per pixel against the clean images:"
                + " %.4f corrupted, %.4f denoised.",
            describe(noise),
            noisyError / (n * 784.0),
            denoisedError / (n * 784.0)));
  }

  private static double square(double x) {
    return x * x;
  }

  private static String describe(Noise noise) {
    return switch (noise) {
      case Noise.Gaussian g -> String.format(Locale.ROOT, "Gaussian noise of σ = %.2f", g.sigma());
      case Noise.Masking m ->
          String.format(Locale.ROOT, "masking of %.0f%% of the pixels", 100 * m.fraction());
      case Noise.SaltAndPepper s ->
          String.format(
              Locale.ROOT, "salt-and-pepper noise on %.0f%% of the pixels", 100 * s.fraction());
    };
  }
}
