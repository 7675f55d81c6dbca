package dev.stratum.autoencoders;

import dev.stratum.layers.Conv2d;
import dev.stratum.layers.ConvTranspose2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.MaxPool2d;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.StandardLayers;
import dev.stratum.layers.Upsample2d;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.regularization.ActivityRegularization;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usual architectures, and the registry that rebuilds every kind from {@code model.json}
 * without Guice.
 *
 * <pre>{@code
 * Autoencoder deep = Autoencoders.dense(options, 784, 256, 64);       // workload 2
 * Autoencoder tied = Autoencoders.tied(options, new Activation.Sigmoid(), 784, 64);
 * Autoencoder conv = Autoencoders.convolutional(options);            // workload 5
 * Layer restored = Checkpoint.loadModel(dir, backend, Autoencoders.factories());
 * }</pre>
 */
public final class Autoencoders {

  private static final List<LayerType<?>> TYPES =
      List.of(
          Autoencoder.TYPE,
          SparseAutoencoder.TYPE,
          DenoisingAutoencoder.TYPE,
          ContractiveAutoencoder.TYPE,
          TiedDense.TYPE);

  private static final Map<String, LayerFactory> FACTORIES = createFactories();

  private Autoencoders() {}

  /**
   * A dense autoencoder {@code sizes[0] → sizes[1] → … → sizes[last]} and back: each encoder layer
   * but the code's and each decoder layer but the last is {@code Dense → ReLU}, the code is {@code
   * Dense → ReLU} and the output {@code Dense → Sigmoid} (for pixels in [0, 1]). With {@code 784,
   * 256, 64} it is workload 2 of {@code WORKLOADS.md}; with two sizes, one layer each side.
   */
  public static Autoencoder dense(LayerOptions options, int... sizes) {
    return dense(
        options, new Activation.ReLU(), new Activation.ReLU(), new Activation.Sigmoid(), sizes);
  }

  /**
   * A dense autoencoder with the given activations: {@code hidden} after every hidden layer of
   * either side, {@code code} after the code layer ({@code null}: a linear code) and {@code output}
   * after the last decoder layer ({@code null}: a linear output).
   */
  public static Autoencoder dense(
      LayerOptions options, Activation hidden, Activation code, Activation output, int... sizes) {
    checkSizes("dense", sizes);
    List<Layer> encoder = new ArrayList<>();
    List<Layer> decoder = new ArrayList<>();
    int last = sizes.length - 1;
    for (int i = 0; i < last; i++) {
      encoder.add(new Dense(sizes[i], sizes[i + 1], options));
      addIfPresent(encoder, i == last - 1 ? code : hidden);
    }
    for (int i = last; i > 0; i--) {
      decoder.add(new Dense(sizes[i], sizes[i - 1], options));
      addIfPresent(decoder, i == 1 ? output : hidden);
    }
    return new Autoencoder(new int[] {sizes[0]}, new Sequential(encoder), new Sequential(decoder));
  }

  /**
   * A tied-weight dense autoencoder: encoder layers {@code Dense(sizes[i] → sizes[i+1])} followed
   * by {@code activation}, decoder layers {@link TiedDense} applying their transposes in reverse
   * order, each followed by {@code activation} but the last, followed by {@code output}. Only the
   * encoder holds weights; each decoder layer has its own bias.
   */
  public static Autoencoder tied(
      LayerOptions options, Activation activation, Activation output, int... sizes) {
    checkSizes("tied", sizes);
    List<Layer> encoder = new ArrayList<>();
    List<Dense> dense = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      Dense layer = new Dense(sizes[i], sizes[i + 1], options);
      dense.add(layer);
      encoder.add(layer);
      addIfPresent(encoder, activation);
    }
    int stride = activation == null ? 1 : 2;
    List<Layer> decoder = new ArrayList<>();
    for (int i = dense.size() - 1; i >= 0; i--) {
      decoder.add(TiedDense.transposeOf(dense.get(i), (i * stride) + ".weight", options));
      addIfPresent(decoder, i == 0 ? output : activation);
    }
    return new Autoencoder(new int[] {sizes[0]}, new Sequential(encoder), new Sequential(decoder));
  }

  /** {@link #tied(LayerOptions, Activation, Activation, int...)} with a sigmoid output. */
  public static Autoencoder tied(LayerOptions options, Activation activation, int... sizes) {
    return tied(options, activation, new Activation.Sigmoid(), sizes);
  }

  /**
   * Workload 5 of {@code WORKLOADS.md}, on {@code [1, 28, 28]} images: encoder {@code
   * Conv2d(1,16,3,s2,p1) → ReLU → Conv2d(16,32,3,s2,p1) → ReLU} (code {@code [32, 7, 7]}), decoder
   * {@code ConvTranspose2d(32,16,3,s2,p1,op1) → ReLU → ConvTranspose2d(16,1,3,s2,p1,op1) →
   * Sigmoid}.
   */
  public static Autoencoder convolutional(LayerOptions options) {
    Sequential encoder =
        new Sequential(
            new Conv2d(1, 16, 3, 2, 1, false, options),
            new Activation.ReLU(),
            new Conv2d(16, 32, 3, 2, 1, false, options),
            new Activation.ReLU());
    Sequential decoder =
        new Sequential(
            new ConvTranspose2d(32, 16, 3, 2, 1, 1, options),
            new Activation.ReLU(),
            new ConvTranspose2d(16, 1, 3, 2, 1, 1, options),
            new Activation.Sigmoid());
    return new Autoencoder(new int[] {1, 28, 28}, encoder, decoder);
  }

  /**
   * A pooling convolutional autoencoder on {@code [1, 28, 28]} images: encoder {@code
   * Conv2d(1,16,3,p1) → ReLU → MaxPool2 → Conv2d(16,8,3,p1) → ReLU → MaxPool2} (code {@code [8, 7,
   * 7]}), decoder {@code Upsample2 → Conv2d(8,16,3,p1) → ReLU → Upsample2 → Conv2d(16,1,3,p1) →
   * Sigmoid}.
   */
  public static Autoencoder convolutionalPooling(LayerOptions options) {
    Sequential encoder =
        new Sequential(
            new Conv2d(1, 16, 3, 1, 1, false, options),
            new Activation.ReLU(),
            new MaxPool2d(2),
            new Conv2d(16, 8, 3, 1, 1, false, options),
            new Activation.ReLU(),
            new MaxPool2d(2));
    Sequential decoder =
        new Sequential(
            new Upsample2d(2),
            new Conv2d(8, 16, 3, 1, 1, false, options),
            new Activation.ReLU(),
            new Upsample2d(2),
            new Conv2d(16, 1, 3, 1, 1, false, options),
            new Activation.Sigmoid());
    return new Autoencoder(new int[] {1, 28, 28}, encoder, decoder);
  }

  /**
   * Every layer factory an autoencoder's {@code model.json} may need, by type name: the layers and
   * activations of {@code stratum-layers}, {@code "activity_regularization"}, and the types of
   * {@link #types()}.
   */
  public static Map<String, LayerFactory> factories() {
    return FACTORIES;
  }

  /**
   * The layer type of each autoencoder kind and of {@link TiedDense}: {@code "autoencoder"}, {@code
   * "sparse_autoencoder"}, {@code "denoising_autoencoder"}, {@code "contractive_autoencoder"},
   * {@code "tied_dense"}.
   */
  public static List<LayerType<?>> types() {
    return TYPES;
  }

  private static Map<String, LayerFactory> createFactories() {
    Map<String, LayerFactory> all = new LinkedHashMap<>(StandardLayers.factories());
    all.put(ActivityRegularization.TYPE.name(), ActivityRegularization.TYPE.factory());
    for (LayerType<?> type : TYPES) {
      all.put(type.name(), type.factory());
    }
    return Collections.unmodifiableMap(all);
  }

  private static void addIfPresent(List<Layer> layers, Activation activation) {
    if (activation != null) {
      layers.add(activation);
    }
  }

  private static void checkSizes(String what, int[] sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          "Autoencoders."
              + what
              + ": give at least the input size and the code size, got "
              + sizes.length
              + " sizes");
    }
    for (int s : sizes) {
      if (s < 1) {
        throw new IllegalArgumentException(
            "Autoencoders."
                + what
                + ": sizes must be at least 1, got "
                + java.util.Arrays.toString(sizes));
      }
    }
  }
}
