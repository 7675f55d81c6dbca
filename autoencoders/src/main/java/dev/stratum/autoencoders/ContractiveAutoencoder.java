package dev.stratum.autoencoders;

import dev.stratum.layers.Default;
import dev.stratum.layers.Dense;
import dev.stratum.layers.LayerType;
import dev.stratum.layers.Sequential;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.loss.MeanSquaredError;
import dev.stratum.layers.loss.ReducingLoss;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A contractive autoencoder (Rifai et al., 2011): the reconstruction error plus the squared
 * Frobenius norm of the encoder's Jacobian, so that the code changes little when the input moves
 * off the data:
 *
 * <pre>
 *   Ω = λ · (1/N) Σ_n ‖J_f(x_n)‖²_F,    J_f(x)_ji = ∂h_j / ∂x_i
 * </pre>
 *
 * averaged over the {@code N} samples of the batch. The step reports it as the part {@code
 * "contractive"}.
 *
 * <p><b>Any encoder</b> ({@link #jacobianPenalty}): the penalty is computed exactly through
 * autograd. Row {@code j} of every sample's Jacobian is one vector-Jacobian product, the gradient
 * of {@code Σ_n h_nj} with respect to the batch (samples do not interact in an encoder without
 * batch statistics), so {@code k} products for a {@code k}-element code, each recorded ({@code
 * createGraph}) so that the penalty's gradient with respect to the weights, a second derivative of
 * the encoder, comes from the ordinary backward pass.
 *
 * <p><b>One sigmoid layer</b> ({@link #sigmoidPenalty}): for {@code h = σ(x·Wᵀ + b)}, {@code J =
 * diag(h ⊙ (1 − h))·W}, so
 *
 * <pre>
 *   ‖J‖²_F = Σ_j (h_j (1 − h_j))² Σ_i W_ji²
 * </pre>
 *
 * in a few element-wise ops; it is used whenever the encoder is a {@link Dense} followed by a
 * {@link Activation.Sigmoid} (alone or as a two-layer {@link Sequential}), and tested equal to the
 * general path.
 */
public final class ContractiveAutoencoder extends Autoencoder {

  /**
   * A contractive autoencoder's arguments, as its JSON config holds them: those of every {@link
   * Architecture} and {@code "lambda": λ}.
   *
   * @param inputShape the shape of one sample
   * @param encoder the encoder
   * @param decoder the decoder
   * @param loss the reconstruction loss (null: the mean squared error)
   * @param lambda the penalty weight λ, finite and {@code >= 0}
   */
  public record Config(
      List<Integer> inputShape,
      Layer encoder,
      Layer decoder,
      @Default ReducingLoss loss,
      double lambda)
      implements Architecture {
    public Config {
      inputShape = List.copyOf(inputShape);
      loss = Objects.requireNonNullElseGet(loss, MeanSquaredError::new);
      if (!(lambda >= 0) || Double.isInfinite(lambda)) {
        throw new IllegalArgumentException(
            "ContractiveAutoencoder: the penalty weight λ must be finite and >= 0, got " + lambda);
      }
    }
  }

  /** The registry entry, {@code "contractive_autoencoder"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "contractive_autoencoder",
          Config.class,
          (c, backend) -> new ContractiveAutoencoder(c),
          Specs.LOSS);

  /** The name of the penalty's part in the step's result and the history. */
  public static final String PART = "contractive";

  private final double lambda;
  private final Dense sigmoidLayer;

  /** A contractive autoencoder from its config record. */
  public ContractiveAutoencoder(Config config) {
    super(TYPE, config);
    this.lambda = config.lambda();
    this.sigmoidLayer = sigmoidDense(config.encoder());
  }

  /** A contractive autoencoder with penalty weight {@code lambda >= 0}. */
  public ContractiveAutoencoder(
      int[] inputShape, Layer encoder, Layer decoder, ReducingLoss loss, double lambda) {
    this(new Config(Specs.list(inputShape), encoder, decoder, loss, lambda));
  }

  /** The penalty weight λ. */
  public double lambda() {
    return lambda;
  }

  /** Whether the closed form for one sigmoid layer is used. */
  public boolean usesClosedForm() {
    return sigmoidLayer != null;
  }

  /**
   * The objective with {@code Ω}. On the general path the input is re-made as a leaf that requires
   * a gradient, so that the code can be differentiated with respect to it.
   */
  @Override
  public Objective objective(Tensor input, Tensor target) {
    Tensor x = sigmoidLayer != null ? input : input.detach().requiresGrad(true);
    Tensor code = encode(x);
    Tensor output = decode(code);
    Tensor reconstruction = reconstructionLoss(output, target);
    Tensor frobenius =
        sigmoidLayer != null ? sigmoidPenalty(sigmoidLayer, code) : jacobianPenalty(x, code);
    return new Objective(reconstruction, Map.of(PART, frobenius.mul((float) lambda)), output, code);
  }

  /** {@code λ·(1/N) Σ_n ‖J_f(x_n)‖²_F} of a batch, by the path this model uses. */
  public Tensor contractivePenalty(Tensor input) {
    Tensor x = sigmoidLayer != null ? input : input.detach().requiresGrad(true);
    Tensor code = encode(x);
    Tensor frobenius =
        sigmoidLayer != null ? sigmoidPenalty(sigmoidLayer, code) : jacobianPenalty(x, code);
    return frobenius.mul((float) lambda);
  }

  @Override
  protected Map<String, Tensor> penalties(Tensor input, Tensor code) {
    throw new UnsupportedOperationException("objective() computes the contractive penalty");
  }

  /**
   * The exact {@code (1/N) Σ_n ‖∂code_n/∂x_n‖²_F} through autograd, for any encoder: {@code code}
   * must have been computed from {@code input}, a tensor that requires a gradient, with recording
   * on. The result is differentiable with respect to the encoder's parameters (second order).
   *
   * @throws IllegalStateException when graph recording is off or {@code input} requires no gradient
   */
  public static Tensor jacobianPenalty(Tensor input, Tensor code) {
    if (!Autograd.isRecording() || !input.requiresGrad()) {
      throw new IllegalStateException(
          "ContractiveAutoencoder: the Jacobian penalty needs the code computed from an input that"
              + " requires a gradient, with graph recording on (not under Autograd.noGrad())");
    }
    int n = code.dim(0);
    int k = code.size() / n;
    Tensor codes = code.reshape(n, k);
    float[] column = new float[n * k];
    Tensor total = null;
    for (int j = 0; j < k; j++) {
      // the gradient of Σ_n h_nj: row j of each sample's Jacobian
      Arrays.fill(column, 0f);
      for (int s = 0; s < n; s++) {
        column[s * k + j] = 1f;
      }
      Tensor seed = Tensor.of(code.backend(), column, n, k);
      Tensor row = Autograd.grad(List.of(codes), List.of(seed), List.of(input), true).getFirst();
      Tensor squares = row.square().sum();
      total = total == null ? squares : total.add(squares);
    }
    return total.div((float) n);
  }

  /**
   * The closed form {@code (1/N) Σ_n Σ_j (h_nj (1 − h_nj))² Σ_i W_ji²} for the code {@code h =
   * σ(x·Wᵀ + b)} of {@code layer} (weight {@code W [k, D]}).
   */
  public static Tensor sigmoidPenalty(Dense layer, Tensor code) {
    if (code.rank() != 2 || code.dim(1) != layer.outFeatures()) {
      throw new IllegalArgumentException(
          "ContractiveAutoencoder: the code of "
              + layer
              + " must have shape [N, "
              + layer.outFeatures()
              + "], got "
              + Arrays.toString(code.shape()));
    }
    Tensor slope = code.mul(code.neg().add(1f)).square();
    Tensor rowNorms = layer.weight().square().sum(false, 1);
    return slope.mul(rowNorms).sum().div((float) code.dim(0));
  }

  /** The dense layer of an encoder {@code Dense → Sigmoid}, or {@code null}. */
  private static Dense sigmoidDense(Layer encoder) {
    if (encoder instanceof Sequential s
        && s.size() == 2
        && s.get(0) instanceof Dense dense
        && s.get(1) instanceof Activation.Sigmoid) {
      return dense;
    }
    return null;
  }
}
