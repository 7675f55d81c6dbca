package dev.stratum.layers.regularization;

import dev.stratum.backend.Backend;
import dev.stratum.layers.LayerType;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps a layer and records an {@link ActivityPenalty} of its output on every forward pass; {@link
 * #penalty()} hands the last one to the training loop as a {@link Penalty}.
 *
 * <pre>{@code
 * var hidden = new ActivityRegularization(encoder, ActivityPenalty.klSparsity(0.05, 3.0));
 * trainer.penalty(hidden.penalty()); // added to the loss after each forward pass
 * }</pre>
 *
 * <p>The wrapper is transparent: its parameters, buffers, mode and output shape are the inner
 * layer's, under the inner layer's names, so wrapping changes no checkpoint key. The recorded
 * penalty belongs to the scope the forward pass ran in (the training step's).
 */
public final class ActivityRegularization implements Layer {

  /**
   * The wrapper's arguments, as its JSON config holds them: {@code {"layer": {"type", "config"},
   * "penalty": {...}}}.
   *
   * @param layer the wrapped layer
   * @param penalty the penalty of its output
   */
  public record Config(Layer layer, ActivityPenalty penalty) {}

  /**
   * The registry entry, {@code "activity_regularization"}; the inner layer comes from the registry.
   */
  public static final LayerType<Config> TYPE =
      LayerType.of(
          "activity_regularization",
          Config.class,
          (c, backend) -> new ActivityRegularization(c.layer(), c.penalty()),
          new LayerType.ValueType<>(
              ActivityPenalty.class, ActivityPenalty::config, ActivityPenalty::fromConfig));

  private final Layer layer;
  private final ActivityPenalty activityPenalty;
  private Tensor last;

  public ActivityRegularization(Layer layer, ActivityPenalty penalty) {
    this.layer = Objects.requireNonNull(layer, "layer");
    this.activityPenalty = Objects.requireNonNull(penalty, "penalty");
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  /** The penalty applied to the output. */
  public ActivityPenalty activityPenalty() {
    return activityPenalty;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor output = layer.forward(input);
    last = activityPenalty.of(output);
    return output;
  }

  /**
   * The penalty of the last forward pass; throws {@link IllegalStateException} before the first
   * forward pass and once that pass's tensors have been freed.
   */
  public Tensor lastPenalty() {
    if (last == null) {
      throw new IllegalStateException(
          TYPE.name() + " around " + layer.typeName() + ": no forward pass has run yet");
    }
    if (last.isClosed()) {
      throw new IllegalStateException(
          TYPE.name()
              + " around "
              + layer.typeName()
              + ": the penalty of the last forward pass was freed with its scope; read it in the"
              + " same step");
    }
    return last;
  }

  /**
   * The last forward pass's penalty as a training-loop {@link Penalty}; the model it is given is
   * not consulted, since this wrapper recorded the penalty itself.
   */
  public Penalty penalty() {
    return model -> lastPenalty();
  }

  @Override
  public Map<String, Tensor> parameters() {
    return layer.parameters();
  }

  @Override
  public Map<String, Tensor> buffers() {
    return layer.buffers();
  }

  @Override
  public void train(boolean training) {
    layer.train(training);
  }

  @Override
  public boolean isTraining() {
    return layer.isTraining();
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return layer.outputShape(inputShape);
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(layer, activityPenalty));
  }

  @Override
  public void close() {
    layer.close();
  }

  /**
   * Builds the wrapper back from its {@link #config()}, the inner layer through {@code registry}
   * (what {@code TYPE.factory()} does).
   */
  public static ActivityRegularization fromConfig(
      Backend backend, Map<String, Object> config, Map<String, LayerFactory> registry) {
    return (ActivityRegularization) TYPE.factory().create(backend, config, registry);
  }

  @Override
  public String toString() {
    return "ActivityRegularization(" + layer + ", " + activityPenalty + ")";
  }
}
