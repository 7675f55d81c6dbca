package dev.stratum.autoencoders;

import dev.stratum.layers.BaseLayer;
import dev.stratum.layers.Default;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.init.Initializer;
import dev.stratum.layers.init.ParameterShape;
import dev.stratum.layers.regularization.ActivityRegularization;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
public final class TiedDense extends BaseLayer {

  /**
   * A tied layer's arguments, as its JSON config holds them.
   *
   * @param inFeatures the size of the input's last axis (the encoder layer's output features)
   * @param outFeatures the size of the output's last axis (the encoder layer's input features)
   * @param tiedTo the encoder parameter whose transpose this layer applies, such as {@code
   *     "0.weight"}
   * @param bias whether there is a bias
   * @param biasInit the bias initializer (null: {@link Initializer#fanInUniform()})
   */
  public record Config(
      int inFeatures,
      int outFeatures,
      String tiedTo,
      @Default("true") boolean bias,
      @Default Initializer biasInit) {
    public Config {
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
      biasInit = Objects.requireNonNullElse(biasInit, Initializer.fanInUniform());
    }
  }

  /** The registry entry, {@code "tied_dense"}; the layer is tied when its autoencoder is built. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "tied_dense",
          Config.class,
          (c, backend) -> new TiedDense(c, LayerOptions.defaults().on(backend)));

  private final int inFeatures;
  private final int outFeatures;
  private final String tiedTo;
  private final Tensor bias;
  private Tensor weight;

  /**
   * A layer {@code in -> out} tied to the encoder weight named {@code tiedTo}, which must have
   * shape {@code [in, out]}; the bias follows {@code options} (PyTorch's {@code U(-1/√in, 1/√in)}
   * unless set, none with {@code bias(false)}).
   */
  public TiedDense(int inFeatures, int outFeatures, String tiedTo, LayerOptions options) {
    this(new Config(inFeatures, outFeatures, tiedTo, options.bias(), options.biasInit()), options);
  }

  private TiedDense(Config config, LayerOptions options) {
    super(TYPE, config, options);
    this.inFeatures = config.inFeatures();
    this.outFeatures = config.outFeatures();
    this.tiedTo = config.tiedTo();
    this.bias =
        config.bias()
            ? parameter(
                "bias",
                ParameterShape.of(outFeatures).fanIn(inFeatures).fanOut(outFeatures),
                config.biasInit())
            : null;
  }

  /** The decoder layer of {@code encoderLayer}, tied to the encoder parameter {@code tiedTo}. */
  public static TiedDense transposeOf(Dense encoderLayer, String tiedTo, LayerOptions options) {
    return new TiedDense(encoderLayer.outFeatures(), encoderLayer.inFeatures(), tiedTo, options);
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
      return TensorScope.composite(() -> forward(input.reshape(-1, inFeatures)).reshape(shape));
    }
    return TensorScope.composite(
        () -> bias == null ? input.matmul(weight) : input.matmul(weight).add(bias));
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

  /** Frees the bias only: the weight belongs to the encoder. */
  @Override
  public void close() {
    if (bias != null) {
      bias.close();
    }
  }

  @Override
  protected String describe() {
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
