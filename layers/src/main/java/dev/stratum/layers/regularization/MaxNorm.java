package dev.stratum.layers.regularization;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The max-norm constraint: after each optimizer step, every neuron's incoming weight vector is
 * rescaled so that {@code ‖w‖₂ ≤ c}; vectors already within the ball are left exactly as they are.
 *
 * <p>A neuron is a slice along axis 0, its norm taken over all other axes: a row of a dense weight
 * {@code [out, in]}, an output filter {@code [in, kh, kw]} of a convolution weight {@code [out, in,
 * kh, kw]}. Parameters of rank below 2 (biases, normalisation scales) are skipped, as are those the
 * name filter rejects. The update is in place under no-grad, so optimizer references stay valid.
 *
 * <p>As a {@link Callback} it runs at {@link #onBatchEnd}, which the training loop calls after the
 * optimizer step; {@link #apply(Layer)} does the same by hand.
 */
public final class MaxNorm implements Callback {

  private final float maxNorm;
  private final Predicate<String> filter;

  /** Every parameter of rank 2 or more, {@code ‖w‖ ≤ maxNorm} per neuron. */
  public MaxNorm(float maxNorm) {
    this(maxNorm, name -> true);
  }

  /** Only the parameters whose names {@code filter} accepts (and of rank 2 or more). */
  public MaxNorm(float maxNorm, Predicate<String> filter) {
    if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(
          "max-norm: the bound must be finite and positive, got " + maxNorm);
    }
    this.maxNorm = maxNorm;
    this.filter = filter;
  }

  /** The bound c. */
  public float maxNorm() {
    return maxNorm;
  }

  @Override
  public void onBatchEnd(TrainingContext context, long step, double loss, int batchSize) {
    apply(context.model());
  }

  /** Constrains the layer's parameters. */
  public void apply(Layer layer) {
    apply(layer.parameters());
  }

  /** Constrains the named parameters the filter accepts. */
  public void apply(Map<String, Tensor> parameters) {
    parameters.forEach(
        (name, w) -> {
          if (w.rank() >= 2 && filter.test(name)) {
            clamp(w);
          }
        });
  }

  /** Rescales, in place, each slice of {@code weight} along axis 0 to norm at most c. */
  public void clamp(Tensor weight) {
    if (weight.rank() < 2) {
      throw new IllegalArgumentException(
          "max-norm: needs a weight of rank 2 or more ([out, in, ...]), got shape "
              + java.util.Arrays.toString(weight.shape()));
    }
    int[] perNeuron = new int[weight.rank() - 1];
    for (int i = 0; i < perNeuron.length; i++) {
      perNeuron[i] = i + 1;
    }
    try (TensorScope scope = TensorScope.open();
        NoGrad noGrad = Autograd.noGrad()) {
      Tensor norms = weight.square().sum(true, perNeuron).sqrt();
      // c / ‖w‖ only where the norm is too large; elsewhere a factor of exactly 1
      Tensor factor =
          Tensor.where(
              norms.gt(maxNorm), norms.reciprocal().mul(maxNorm), Tensor.ones(weight.backend()));
      weight.copyFrom(weight.mul(factor));
    }
  }
}
