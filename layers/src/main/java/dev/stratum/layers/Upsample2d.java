package dev.stratum.layers;

import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Upsamples NCHW images by a whole-number factor. {@link Mode#NEAREST} repeats each pixel into a
 * block; {@link Mode#BILINEAR} interpolates as PyTorch does with {@code align_corners=False}
 * (source coordinate {@code (o + 0.5)/scale - 0.5}, clamped at the borders), written as two matrix
 * products {@code A_h · x · A_wᵀ} with fixed interpolation matrices, so it differentiates like any
 * product.
 */
public final class Upsample2d implements Layer {

  /** How new pixels get their values. */
  public enum Mode {
    NEAREST,
    BILINEAR
  }

  /**
   * Upsampling's arguments, as its JSON config holds them.
   *
   * @param scale the whole-number factor of both sides
   * @param mode how new pixels get their values (in JSON {@code "nearest"} or {@code "bilinear"})
   */
  public record Config(int scale, @Default("nearest") Mode mode) {}

  /** The registry entry, {@code "upsample2d"}. */
  public static final LayerType<Config> TYPE =
      LayerType.of("upsample2d", Config.class, (c, backend) -> new Upsample2d(c.scale(), c.mode()));

  private final int scale;
  private final Mode mode;
  // interpolation matrices for the last input size seen, kept on its backend
  private int[] cachedFor;
  private Tensor rows;
  private Tensor columns;

  /** Nearest-neighbour upsampling. */
  public Upsample2d(int scale) {
    this(scale, Mode.NEAREST);
  }

  /** Upsampling by {@code scale} with {@code mode}. */
  public Upsample2d(int scale, Mode mode) {
    Windows.checkPositive("Upsample2d", "scale", scale);
    this.scale = scale;
    this.mode = java.util.Objects.requireNonNull(mode, "mode");
  }

  @Override
  public Tensor forward(Tensor input) {
    outputShape(input.shape());
    if (mode == Mode.NEAREST) {
      return input.upsampleNearest2d(scale);
    }
    int h = input.dim(2);
    int w = input.dim(3);
    prepare(input.backend(), h, w);
    return TensorScope.composite(
        () -> {
          Tensor wide = input.matmul(columns, false, true); // [N, C, H, W·s]
          return rows.matmul(wide); // [H·s, H] · [N, C, H, W·s]
        });
  }

  private synchronized void prepare(Backend backend, int h, int w) {
    int[] key = {h, w};
    if (rows != null && Arrays.equals(cachedFor, key) && rows.backend() == backend) {
      return;
    }
    close();
    try (NoGrad ignored = Autograd.noGrad()) {
      rows = TensorScope.unscoped(Tensor.of(backend, interpolation(h), h * scale, h));
      columns = TensorScope.unscoped(Tensor.of(backend, interpolation(w), w * scale, w));
    }
    cachedFor = key;
  }

  /** The {@code [in·scale, in]} matrix of linear interpolation weights along one axis. */
  private float[] interpolation(int in) {
    int out = in * scale;
    float[] m = new float[out * in];
    for (int o = 0; o < out; o++) {
      double source = Math.max(0, (o + 0.5) / scale - 0.5);
      int low = Math.min((int) Math.floor(source), in - 1);
      int high = Math.min(low + 1, in - 1);
      double frac = source - low;
      m[o * in + low] += (float) (1 - frac);
      m[o * in + high] += (float) frac;
    }
    return m;
  }

  @Override
  public int[] outputShape(int... inputShape) {
    Windows.checkImage(toString(), inputShape, 0);
    return new int[] {
      inputShape[0],
      inputShape[1],
      Math.multiplyExact(inputShape[2], scale),
      Math.multiplyExact(inputShape[3], scale)
    };
  }

  @Override
  public String typeName() {
    return TYPE.name();
  }

  @Override
  public Map<String, Object> config() {
    return TYPE.config(new Config(scale, mode));
  }

  /** Frees the cached interpolation matrices. */
  @Override
  public synchronized void close() {
    if (rows != null) {
      rows.close();
      columns.close();
      rows = null;
      columns = null;
      cachedFor = null;
    }
  }

  @Override
  public String toString() {
    return "Upsample2d(" + scale + "x, " + mode.name().toLowerCase(Locale.ROOT) + ")";
  }
}
