package dev.stratum.cli.run;

import dev.stratum.cli.kind.ModelSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run was configured, as {@code run.json} keeps it: what {@code --resume}, {@code evaluate},
 * {@code encode} and {@code reconstruct} rebuild the model and the data from.
 *
 * @param model the model kind's name
 * @param data the Fashion-MNIST folder, or {@link FashionMnistSource#BUNDLED} for the subset inside
 *     the tool
 * @param epochs the epochs to train in all
 * @param batchSize training batch size
 * @param optimizer the optimizer spec (JSON)
 * @param patience early-stopping patience in epochs
 * @param seed seed of initialisation, split and shuffling
 * @param limit how many training images were used, or {@code null} for all
 * @param settings the settings that shape the model ({@code --code-size}, {@code --beta}, ...)
 * @param excludedClasses the classes left out of the training images (for anomaly detection),
 *     sorted; empty for none
 */
public record RunConfig(
    String model,
    String data,
    int epochs,
    int batchSize,
    String optimizer,
    int patience,
    long seed,
    Integer limit,
    ModelSettings settings,
    List<Integer> excludedClasses) {

  /** Checks that the settings are present (all defaults: {@link ModelSettings#defaults()}). */
  public RunConfig {
    java.util.Objects.requireNonNull(settings, "settings");
    excludedClasses = List.copyOf(excludedClasses);
  }

  /** A run on every class. */
  public RunConfig(
      String model,
      String data,
      int epochs,
      int batchSize,
      String optimizer,
      int patience,
      long seed,
      Integer limit,
      ModelSettings settings) {
    this(model, data, epochs, batchSize, optimizer, patience, seed, limit, settings, List.of());
  }

  /** The same run trained to {@code epochs} epochs in all. */
  public RunConfig withEpochs(int epochs) {
    return new RunConfig(
        model,
        data,
        epochs,
        batchSize,
        optimizer,
        patience,
        seed,
        limit,
        settings,
        excludedClasses);
  }

  /** The fields as a JSON object; absent optional values are left out. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", model);
    json.put("data", data);
    json.put("epochs", epochs);
    json.put("batch_size", batchSize);
    json.put("optimizer", optimizer);
    json.put("patience", patience);
    json.put("seed", seed);
    if (limit != null) {
      json.put("limit", limit);
    }
    json.putAll(settings.toJson());
    if (!excludedClasses.isEmpty()) {
      json.put("exclude_classes", excludedClasses);
    }
    return json;
  }

  /** Reads what {@link #toJson()} wrote; {@code source} names the file in messages. */
  public static RunConfig fromJson(Map<String, Object> json, String source) {
    return new RunConfig(
        text(json, "model", source),
        text(json, "data", source),
        (int) number(json, "epochs", source),
        (int) number(json, "batch_size", source),
        text(json, "optimizer", source),
        (int) number(json, "patience", source),
        number(json, "seed", source),
        json.containsKey("limit") ? (int) number(json, "limit", source) : null,
        ModelSettings.fromJson(json, source),
        classes(json, source));
  }

  private static List<Integer> classes(Map<String, Object> json, String source) {
    Object value = json.get("exclude_classes");
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list
        && list.stream().allMatch(c -> c instanceof Number n && n.intValue() == n.doubleValue())) {
      return list.stream().map(c -> ((Number) c).intValue()).sorted().toList();
    }
    throw new IllegalArgumentException(
        source + ": \"exclude_classes\" must be a list of class indices, got " + value);
  }

  private static String text(Map<String, Object> json, String key, String source) {
    if (json.get(key) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        source + ": \"" + key + "\" must be a string, got " + json.get(key));
  }

  private static long number(Map<String, Object> json, String key, String source) {
    if (json.get(key) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw new IllegalArgumentException(
        source + ": \"" + key + "\" must be a whole number, got " + json.get(key));
  }
}
