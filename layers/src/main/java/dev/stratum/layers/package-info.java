/**
 * Layers built from tensor ops, so they run unchanged on every backend: {@link
 * dev.stratum.layers.Dense}, convolution, pooling, transposed convolution, upsampling, locally
 * connected, reshaping, dropout, batch normalisation, embeddings, and the {@link
 * dev.stratum.layers.Sequential} container with its {@link dev.stratum.layers.Summary}.
 *
 * <p>A layer type is written in one place: a config record holds its arguments (with {@link
 * dev.stratum.layers.Default} on those a JSON config may leave out), and a {@link
 * dev.stratum.layers.LayerType} names it and says how a record becomes a layer; the layer's {@code
 * typeName()}, its JSON {@code config()} and the factory that builds it back all follow from those
 * two, and {@link dev.stratum.layers.StandardLayers} lists the types. Parameters are created from a
 * {@link dev.stratum.layers.init.ParameterShape} that names their fans, and a forward pass that
 * makes intermediates runs inside {@link dev.stratum.tensor.TensorScope#composite}, which frees
 * them when nothing is being recorded.
 *
 * <pre>{@code
 * public final class Scale extends BaseLayer {
 *   public record Config(int features, @Default Initializer init) {
 *     public Config {
 *       init = Objects.requireNonNullElse(init, Initializer.ones());
 *     }
 *   }
 *
 *   public static final LayerType<Config> TYPE =
 *       LayerType.of("scale", Config.class, (c, backend) -> new Scale(c, LayerOptions.defaults().on(backend)));
 *
 *   private final Tensor weight;
 *
 *   Scale(Config config, LayerOptions options) {
 *     super(TYPE, config, options);
 *     int n = config.features();
 *     weight = parameter("weight", ParameterShape.of(n).fanIn(n).fanOut(n), config.init());
 *   }
 *
 *   public Tensor forward(Tensor x) { return x.mul(weight); }
 *   public int[] outputShape(int... shape) { return shape.clone(); }
 *   protected String describe() { return "Scale(" + weight.dim(0) + ")"; }
 * }
 * }</pre>
 */
package dev.stratum.layers;
