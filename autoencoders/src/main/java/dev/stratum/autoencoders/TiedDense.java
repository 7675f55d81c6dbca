package dev.stratum.autoencoders;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerConfig;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.regularization.ActivityRegularization;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoder half of a tied-weight pair: {@code y = x·W + c}, where {@code W [in, out]} is the
 * weight of an encoder {@code Dense(out -> in)} (whose own map is {@code x·Wᵀ + b}) and {@code c
 * [out]} is this layer's bias. The weight is not a parameter of this layer: it stays the encoder's,
 * so an optimizer updates it once, with the sum of the gradients of both uses, and a checkpoint
 * holds it once.
 *
 * <p>The layer names the encoder parameter it uses ({@code tiedTo}, as the encoder's {@link
 * Layer#parameters()} name it: {@code "0.weight"} for the first layer of a {@link Sequential}
 * encoder) and gets the tensor when an {@link Autoencoder} is built with it in its decoder; that is
 * also how a model rebuilt from {@code model.json} is tied again. Until then {@link #forward}
 * throws.
 */
public final class TiedDense implements Layer {

  /** The registry name. */
  public static final String TYPE = "tied_dense";

  private final int inFeatures;
  private final int outFeatures;
  private final String tiedTo;
  private final Initializer biasInit;
  private final Tensor bias;
  private Tensor weight;
  private boolean training = true;

  /**
   * A layer {@code in -> out} tied to the encoder weight named {@code tiedTo}, which must have
   * shape {@code [in, out]}; the bias follows {@code options} (PyTorch's {@code U(-1/√in, 1/√in)}
   * unless set, none with {@code bias(false)}).
   */
  public TiedDense(int inFeatures, int outFeatures, String tiedTo, LayerOptions options) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException(
          "TiedDense: features must be at least 1, got in "
              + inFeatures
              + " and out "
              + outFeatures);
    }
    if (tiedTo == null || tiedTo.isBlank()) {
      throw new IllegalArgumentException(
          "TiedDense: name the encoder weight to tie to, such as \"0.weight\"");
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.tiedTo = tiedTo;
    this.biasInit = options.biasInitOr(Initializer.fanInUniform());
    Backend backend = options.resolveBackend();
    this.bias =
        options.bias()
            ? TensorScope.unscoped(
                    biasInit.create(
                        backend, options.resolveGenerator(), inFeatures, outFeatures, outFeatures))
                .requiresGrad(true)
            : null;
  }

  /** The decoder layer of {@code encoderLayer}, tied to the encoder parameter {@code tiedTo}. */
  public static TiedDense transposeOf(
      dev.stratum.layers.Dense encoderLayer, String tiedTo, LayerOptions options) {
    return new TiedDense(encoderLayer.outFeatures(), encoderLayer.inFeatures(), tiedTo, options);
  }

  /** Rebuilds the layer from its {@link #config()}; it is tied when its autoencoder is built. */
  public static LayerFactory factory() {
    return (Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) -> {
      LayerOptions options =
          LayerOptions.defaults().on(backend).bias(LayerConfig.bool(TYPE, config, "bias", true));
      if (config.get("biasInit") != null) {
        options = options.biasInit(Initializer.fromConfig(config.get("biasInit")));
      }
      return new TiedDense(
          LayerConfig.integer(TYPE, config, "inFeatures"),
          LayerConfig.integer(TYPE, config, "outFeatures"),
          LayerConfig.string(TYPE, config, "tiedTo"),
          options);
    };
  }

  /** Input features (the encoder layer's output features). */
  public int inFeatures() {
    return inFeatures;
  }

  /** Output features (the encoder layer's input features). */
  public int outFeatures() {
    return outFeatures;
  }

  /** The name of the encoder parameter this layer uses. */
  public String tiedTo() {
    return tiedTo;
  }

  /** The tied weight {@code [in, out]}, the encoder's own tensor; {@code null} until tied. */
  public Tensor weight() {
    return weight;
  }

  /** The bias {@code [out]}, or {@code null}. */
  public Tensor bias() {
    return bias;
  }

  /** Whether the layer has its weight. */
  public boolean isTied() {
    return weight != null;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (weight == null) {
      throw new IllegalStateException(
          this
              + ": not tied yet; it gets the encoder's weight '"
              + tiedTo
              + "' when an Autoencoder is built with it in its decoder");
    }
    int[] shape = input.shape();
    outputShape(shape);
    if (shape.length > 2) {
      shape[shape.length - 1] = outFeatures;
      return forward(input.reshape(-1, inFeatures)).reshape(shape);
    }
    Tensor product = input.matmul(weight);
    return bias == null ? product : product.add(bias);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return bias == null ? Map.of() : Map.of("bias", bias);
  }

  @Override
  public void train(boolean training) {
    this.training = training;
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    if (inputShape.length < 2 || inputShape[inputShape.length - 1] != inFeatures) {
      throw new IllegalArgumentException(
          this
              + ": input "
              + Arrays.toString(inputShape)
              + " does not fit: expected [batch, "
              + inFeatures
              + "]");
    }
    int[] out = inputShape.clone();
    out[out.length - 1] = outFeatures;
    return out;
  }

  @Override
  public String typeName() {
    return TYPE;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("inFeatures", inFeatures);
    config.put("outFeatures", outFeatures);
    config.put("tiedTo", tiedTo);
    config.put("bias", bias != null);
    config.put("biasInit", biasInit.config());
    return config;
  }

  /** Frees the bias only: the weight belongs to the encoder. */
  @Override
  public void close() {
    if (bias != null) {
      bias.close();
    }
  }

  @Override
  public String toString() {
    return "TiedDense(" + inFeatures + " -> " + outFeatures + ", tied to " + tiedTo + ")";
  }

  // ------------------------------------------------------------------ tying

  /** Ties this layer to {@code encoderParameters.get(tiedTo)}, checking that it transposes. */
  void bind(String model, Map<String, Tensor> encoderParameters) {
    Tensor w = encoderParameters.get(tiedTo);
    if (w == null) {
      throw new IllegalArgumentException(
          model
              + ": "
              + this
              + " is tied to the encoder parameter '"
              + tiedTo
              + "', which the encoder does not have; its parameters are "
              + encoderParameters.keySet());
    }
    int[] expected = {inFeatures, outFeatures};
    if (!Arrays.equals(w.shape(), expected)) {
      throw new IllegalArgumentException(
          model
              + ": "
              + this
              + " needs the encoder weight '"
              + tiedTo
              + "' to have shape "
              + Arrays.toString(expected)
              + " (the encoder layer "
              + outFeatures
              + " -> "
              + inFeatures
              + " whose transpose it applies), but it has shape "
              + Arrays.toString(w.shape())
              + ", which does not transpose to "
              + inFeatures
              + " -> "
              + outFeatures);
    }
    if (weight != null && weight != w) {
      throw new IllegalArgumentException(
          model + ": " + this + " is already tied to the weight of another encoder");
    }
    weight = w;
  }

  /** Ties every {@link TiedDense} inside {@code decoder} to {@code encoder}'s parameters. */
  static void bindAll(String model, Layer decoder, Layer encoder) {
    List<TiedDense> tied = new ArrayList<>();
    collect(decoder, tied);
    if (!tied.isEmpty()) {
      Map<String, Tensor> parameters = encoder.parameters();
      for (TiedDense layer : tied) {
        layer.bind(model, parameters);
      }
    }
  }

  private static void collect(Layer layer, List<TiedDense> into) {
    if (layer instanceof TiedDense t) {
      into.add(t);
    } else if (layer instanceof Sequential s) {
      s.layers().forEach(child -> collect(child, into));
    } else if (layer instanceof ActivityRegularization r) {
      collect(r.layer(), into);
    }
  }
}
