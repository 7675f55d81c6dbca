package dev.stratum.autoencoders;

import dev.stratum.data.GaussianNoise;
import dev.stratum.data.MaskingNoise;
import dev.stratum.data.SaltAndPepperNoise;
import dev.stratum.data.Transform;
import dev.stratum.layers.LayerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The corruption {@code x̃ ~ q(x̃ | x)} of a denoising autoencoder, applied to the inputs only, on
 * the host, by the data loader ({@link #transform()} as its input transform). Every kind draws from
 * the project's Philox generator keyed by {@code (seed, epoch, sample index)} (see {@link
 * GaussianNoise}, {@link MaskingNoise}, {@link SaltAndPepperNoise}), so a sample gets the same
 * noise in an epoch on every backend, for any batch size and shuffle order, and new noise in each
 * epoch.
 *
 * <ul>
 *   <li>{@link Gaussian}: {@code x̃ = x + σ·z}, {@code z ~ N(0, 1)} per element, {@code σ >= 0};
 *   <li>{@link Masking}: exactly {@code round(ν·D)} of a sample's {@code D} elements, chosen at
 *       random, set to 0, {@code ν ∈ [0, 1]};
 *   <li>{@link SaltAndPepper}: exactly {@code round(ν·D)} elements set to 0 or 1 by a fair coin,
 *       {@code ν ∈ [0, 1]}.
 * </ul>
 *
 * <p>Each noise round-trips through architecture JSON as {@code {"type": "gaussian", "sigma": σ,
 * "seed": s}}, {@code {"type": "masking", "fraction": ν, "seed": s}} or {@code {"type":
 * "salt_and_pepper", "fraction": ν, "seed": s}}.
 */
public sealed interface Noise {

  /** The host transform that corrupts a batch's inputs, for {@code DataLoader.inputTransform}. */
  Transform transform();

  /** The configuration {@link #fromConfig} reads back. */
  Map<String, Object> config();

  /** Gaussian noise of deviation {@code sigma}. */
  static Noise gaussian(double sigma, long seed) {
    return new Gaussian(sigma, seed);
  }

  /** Masking noise that zeroes the share {@code fraction} of each sample's elements. */
  static Noise masking(double fraction, long seed) {
    return new Masking(fraction, seed);
  }

  /** Salt-and-pepper noise that sets the share {@code fraction} of elements to 0 or 1. */
  static Noise saltAndPepper(double fraction, long seed) {
    return new SaltAndPepper(fraction, seed);
  }

  /** Builds a noise from {@code {"type": ..., ...}}; mistakes name the type, key and value. */
  static Noise fromConfig(Map<String, Object> config) {
    String type = LayerConfig.string("noise", config, "type");
    long seed = (long) LayerConfig.number("noise " + type, config, "seed");
    return switch (type) {
      case "gaussian" -> new Gaussian(LayerConfig.number("noise gaussian", config, "sigma"), seed);
      case "masking" -> new Masking(LayerConfig.number("noise masking", config, "fraction"), seed);
      case "salt_and_pepper" ->
          new SaltAndPepper(LayerConfig.number("noise salt_and_pepper", config, "fraction"), seed);
      default ->
          throw new IllegalArgumentException(
              "noise: unknown type \"" + type + "\"; known: gaussian, masking, salt_and_pepper");
    };
  }

  /** {@code x̃ = x + σ·z}. */
  record Gaussian(double sigma, long seed) implements Noise {
    /** Checks {@code 0 <= σ < ∞}. */
    public Gaussian {
      if (!(sigma >= 0) || Double.isInfinite(sigma)) {
        throw new IllegalArgumentException(
            "Gaussian noise: σ = " + sigma + " is outside [0, ∞): give a finite deviation >= 0");
      }
    }

    @Override
    public Transform transform() {
      return new GaussianNoise((float) sigma, seed);
    }

    @Override
    public Map<String, Object> config() {
      return ordered("type", "gaussian", "sigma", sigma, "seed", seed);
    }
  }

  /** Exactly {@code round(ν·D)} elements set to 0. */
  record Masking(double fraction, long seed) implements Noise {
    /** Checks {@code ν ∈ [0, 1]}. */
    public Masking {
      checkFraction("masking noise", fraction);
    }

    @Override
    public Transform transform() {
      return new MaskingNoise((float) fraction, seed);
    }

    @Override
    public Map<String, Object> config() {
      return ordered("type", "masking", "fraction", fraction, "seed", seed);
    }
  }

  /** Exactly {@code round(ν·D)} elements set to 0 or 1. */
  record SaltAndPepper(double fraction, long seed) implements Noise {
    /** Checks {@code ν ∈ [0, 1]}. */
    public SaltAndPepper {
      checkFraction("salt-and-pepper noise", fraction);
    }

    @Override
    public Transform transform() {
      return new SaltAndPepperNoise((float) fraction, seed);
    }

    @Override
    public Map<String, Object> config() {
      return ordered("type", "salt_and_pepper", "fraction", fraction, "seed", seed);
    }
  }

  private static void checkFraction(String what, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          what + ": the fraction ν = " + fraction + " is outside [0, 1]");
    }
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
