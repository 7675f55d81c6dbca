package dev.stratum.cli.kind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings that shape a model beyond its kind, as the options of {@code stratum train} give
 * them and {@code run.json} keeps them. Each is {@code null} when not given (the kind's default
 * applies); a kind names the ones it takes ({@link ModelKind#options()}) and refuses the others.
 *
 * @param codeSize {@code --code-size}: units in the code (the latent size of a VAE or a GAN)
 * @param hiddenSize {@code --hidden-size}: units of a recurrent classifier's cell
 * @param cell {@code --cell}: {@code lstm} or {@code gru}
 * @param noise {@code --noise}: {@code gaussian}, {@code masking} or {@code salt-and-pepper}
 * @param noiseLevel {@code --noise-level}: σ of Gaussian noise, else the share of pixels corrupted
 * @param sparsityTarget {@code --sparsity-target}: ρ, the mean activity each code unit should have
 * @param sparsityWeight {@code --sparsity-weight}: β, the weight of the KL sparsity penalty
 * @param contraction {@code --contraction}: λ, the weight of the contractive penalty
 * @param beta {@code --beta}: β, the weight of a VAE's KL term (1: the plain VAE)
 */
public record ModelSettings(
    Integer codeSize,
    Integer hiddenSize,
    String cell,
    String noise,
    Double noiseLevel,
    Double sparsityTarget,
    Double sparsityWeight,
    Double contraction,
    Double beta) {

  /** The cells {@code --cell} takes. */
  public static final List<String> CELLS = List.of("lstm", "gru");

  /** The noises {@code --noise} takes. */
  public static final List<String> NOISES = List.of("gaussian", "masking", "salt-and-pepper");

  /** One setting: its option, its key in {@code run.json}, and how to read it from a record. */
  private record Setting(String option, String key, Function<ModelSettings, Object> value) {}

  /** Every setting, in the order {@code --help} and the report list them. */
  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("--code-size", "code_size", ModelSettings::codeSize),
          new Setting("--hidden-size", "hidden_size", ModelSettings::hiddenSize),
          new Setting("--cell", "cell", ModelSettings::cell),
          new Setting("--noise", "noise", ModelSettings::noise),
          new Setting("--noise-level", "noise_level", ModelSettings::noiseLevel),
          new Setting("--sparsity-target", "sparsity_target", ModelSettings::sparsityTarget),
          new Setting("--sparsity-weight", "sparsity_weight", ModelSettings::sparsityWeight),
          new Setting("--contraction", "contraction", ModelSettings::contraction),
          new Setting("--beta", "beta", ModelSettings::beta));

  /** Checks each value given; the message names the option and the value. */
  public ModelSettings {
    atLeastOne("--code-size", codeSize);
    atLeastOne("--hidden-size", hiddenSize);
    oneOf("--cell", cell, CELLS);
    oneOf("--noise", noise, NOISES);
    if (noiseLevel != null && !(noiseLevel >= 0 && Double.isFinite(noiseLevel))) {
      throw new IllegalArgumentException(
          "--noise-level must be finite and at least 0, got " + noiseLevel);
    }
    if (sparsityTarget != null && !(sparsityTarget > 0 && sparsityTarget < 1)) {
      throw new IllegalArgumentException(
          "--sparsity-target must lie strictly between 0 and 1, got " + sparsityTarget);
    }
    finiteAndNotNegative("--sparsity-weight", sparsityWeight);
    finiteAndNotNegative("--contraction", contraction);
    finiteAndNotNegative("--beta", beta);
  }

  /** No settings: every kind's defaults. */
  public static ModelSettings defaults() {
    return new ModelSettings(null, null, null, null, null, null, null, null, null);
  }

  /** The same settings with {@code --code-size} = {@code codeSize}. */
  public ModelSettings withCodeSize(Integer codeSize) {
    return new ModelSettings(
        codeSize,
        hiddenSize,
        cell,
        noise,
        noiseLevel,
        sparsityTarget,
        sparsityWeight,
        contraction,
        beta);
  }

  /** The settings given, by option name ({@code "--code-size" → 2}), in the usual order. */
  public Map<String, Object> given() {
    Map<String, Object> given = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      Object value = s.value().apply(this);
      if (value != null) {
        given.put(s.option(), value);
      }
    }
    return given;
  }

  /** The options of every setting. */
  public static List<String> options() {
    return SETTINGS.stream().map(Setting::option).toList();
  }

  /** The settings given, by their {@code run.json} key ({@code "code_size" → 2}). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      Object value = s.value().apply(this);
      if (value != null) {
        json.put(s.key(), value);
      }
    }
    return json;
  }

  /**
   * Reads the settings among the keys of a {@code run.json} object (other keys are left alone);
   * {@code source} names the file in messages.
   */
  public static ModelSettings fromJson(Map<String, Object> json, String source) {
    try {
      return new ModelSettings(
          whole(json, "code_size"),
          whole(json, "hidden_size"),
          text(json, "cell"),
          text(json, "noise"),
          number(json, "noise_level"),
          number(json, "sparsity_target"),
          number(json, "sparsity_weight"),
          number(json, "contraction"),
          number(json, "beta"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Integer whole(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new IllegalArgumentException("\"" + key + "\" must be a whole number, got " + value);
  }

  private static Double number(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("\"" + key + "\" must be a number, got " + value);
  }

  private static String text(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException("\"" + key + "\" must be a string, got " + value);
  }

  private static void atLeastOne(String option, Integer value) {
    if (value != null && value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }

  private static void finiteAndNotNegative(String option, Double value) {
    if (value != null && !(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(option + " must be finite and at least 0, got " + value);
    }
  }

  private static void oneOf(String option, String value, List<String> known) {
    if (value != null && !known.contains(value)) {
      throw new IllegalArgumentException(
          option + " must be one of " + String.join(", ", known) + ", got '" + value + "'");
    }
  }
}
