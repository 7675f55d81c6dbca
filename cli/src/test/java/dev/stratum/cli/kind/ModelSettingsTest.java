package dev.stratum.cli.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

  private static final ModelSettings ALL =
      new ModelSettings(16, 32, "gru", "salt-and-pepper", 0.2, 0.05, 0.3, 0.1, 4.0);

  @Test
  void everySettingGoesToRunJsonAndComesBack() {
    Map<String, Object> json = ALL.toJson();
    assertThat(json)
        .containsExactly(
            Map.entry("code_size", 16),
            Map.entry("hidden_size", 32),
            Map.entry("cell", "gru"),
            Map.entry("noise", "salt-and-pepper"),
            Map.entry("noise_level", 0.2),
            Map.entry("sparsity_target", 0.05),
            Map.entry("sparsity_weight", 0.3),
            Map.entry("contraction", 0.1),
            Map.entry("beta", 4.0));
    // JSON readers give back whole numbers as Integer or Long and decimals as Double
    Map<String, Object> read = new HashMap<>(json);
    read.put("code_size", 16L);
    read.put("beta", 4);
    read.put("model", "vae"); // other keys of run.json are left alone
    assertThat(ModelSettings.fromJson(read, "run.json")).isEqualTo(ALL);
    assertThat(ModelSettings.fromJson(Map.of(), "run.json")).isEqualTo(ModelSettings.defaults());
    assertThat(ModelSettings.defaults().toJson()).isEmpty();
  }

  @Test
  void givenNamesTheOptionsInTheOrderOfHelp() {
    assertThat(List.copyOf(ALL.given().keySet())).isEqualTo(ModelSettings.options());
    assertThat(ModelSettings.defaults().withCodeSize(2).given())
        .containsExactly(Map.entry("--code-size", 2));
  }

  @Test
  void badValuesNameTheOptionOrTheFileAndKey() {
    assertThatThrownBy(() -> new ModelSettings(0, null, null, null, null, null, null, null, null))
        .hasMessage("--code-size must be at least 1, got 0");
    assertThatThrownBy(
            () -> new ModelSettings(null, null, null, "pink", null, null, null, null, null))
        .hasMessage("--noise must be one of gaussian, masking, salt-and-pepper, got 'pink'");
    assertThatThrownBy(
            () -> new ModelSettings(null, null, null, null, Double.NaN, null, null, null, null))
        .hasMessage("--noise-level must be finite and at least 0, got NaN");
    assertThatThrownBy(() -> new ModelSettings(null, null, null, null, null, 0.0, null, null, null))
        .hasMessage("--sparsity-target must lie strictly between 0 and 1, got 0.0");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("code_size", 2.5);
    assertThatThrownBy(() -> ModelSettings.fromJson(json, "runs/a/run.json"))
        .hasMessage("runs/a/run.json: \"code_size\" must be a whole number, got 2.5");
    assertThatThrownBy(() -> ModelSettings.fromJson(Map.of("cell", 3), "r.json"))
        .hasMessage("r.json: \"cell\" must be a string, got 3");
    assertThatThrownBy(() -> ModelSettings.fromJson(Map.of("beta", -1.0), "r.json"))
        .hasMessage("r.json: --beta must be finite and at least 0, got -1.0");
  }

  @Test
  void aKindRefusesTheSettingsItDoesNotTakeNamingTheKindsThatDo() {
    ModelSettings beta = new ModelSettings(null, null, null, null, null, null, null, null, 2.0);
    assertThatThrownBy(() -> ModelKinds.named("cnn").check(beta))
        .hasMessage("--beta applies to vae; 'cnn' does not take it");
    ModelKinds.named("vae").check(beta);
    ModelSettings noise =
        new ModelSettings(null, null, null, "gaussian", 0.5, null, null, null, null);
    assertThatThrownBy(() -> ModelKinds.named("autoencoder").check(noise))
        .hasMessage("--noise applies to denoising-autoencoder; 'autoencoder' does not take it");
    ModelKinds.named("denoising-autoencoder").check(noise);
    assertThatThrownBy(
            () ->
                ModelKinds.named("denoising-autoencoder")
                    .check(new ModelSettings(null, null, null, null, 1.5, null, null, null, null)))
        .hasMessageStartingWith("--noise-level: masking noise: the fraction ν = 1.5 is outside");
  }
}
