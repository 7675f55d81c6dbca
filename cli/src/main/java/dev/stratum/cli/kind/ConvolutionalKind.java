package dev.stratum.cli.kind;

import dev.stratum.autoencoders.Autoencoders;
import dev.stratum.cli.picture.Picture;
import dev.stratum.layers.LayerOptions;
import dev.stratum.nn.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The convolutional autoencoder of workload 5 ({@link Autoencoders#convolutional}): two strided 3×3
 * convolutions down to a {@code [32, 7, 7]} code, two transposed convolutions back. Its code has
 * 1,568 values, so the report shows reconstructions only (a plane of such codes says little and
 * their principal components cost more than the training on the subset).
 */
final class ConvolutionalKind extends LibraryAutoencoder {

  @Override
  public String name() {
    return "conv-autoencoder";
  }

  @Override
  public String description() {
    return "convolutional autoencoder, conv 3x3 s2 16 - conv 3x3 s2 32 (code 32x7x7) - two"
        + " transposed convolutions";
  }

  @Override
  public int[] inputShape() {
    return new int[] {1, 28, 28};
  }

  @Override
  public Layer build(LayerOptions o, ModelSettings settings) {
    return Autoencoders.convolutional(o);
  }

  @Override
  public int codeSize(ModelSettings settings) {
    return 32 * 7 * 7;
  }

  @Override
  public int defaultBatchSize() {
    return 64;
  }

  @Override
  public List<Picture> pictures(Trained trained, Path folder) throws IOException {
    return List.of(
        AutoencoderPictures.reconstructions(
            this, trained, folder.resolve("reconstructions.png"), 2));
  }
}
