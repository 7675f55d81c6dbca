package dev.stratum.cli.kind;

/**
 * The settings that shape a model beyond its kind, as the options of {@code stratum train} give
 * them and {@code run.json} keeps them.
 *
 * @param codeSize units in the code of a model that has one ({@link Encodes}); {@code null} for the
 *     kind's default
 */
public record ModelSettings(Integer codeSize) {

  /** Checks the values. */
  public ModelSettings {
    if (codeSize != null && codeSize < 1) {
      throw new IllegalArgumentException("--code-size must be at least 1, got " + codeSize);
    }
  }

  /** No settings: every kind's defaults. */
  public static ModelSettings defaults() {
    return new ModelSettings(null);
  }
}
