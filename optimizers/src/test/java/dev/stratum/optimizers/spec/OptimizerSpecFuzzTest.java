package dev.stratum.optimizers.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.TestBackends;
import dev.stratum.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fuzz target for optimizer-spec JSON: every input builds an optimizer or throws the spec's own
 * {@link IllegalArgumentException} with a message; anything else is a finding. The corpus, seeded
 * from the specs of {@link OptimizerSpecTest} and the docs, is in {@code
 * src/test/resources/.../OptimizerSpecFuzzTestInputs}.
 */
class OptimizerSpecFuzzTest {

  private static final OptimizerSpec SPECS = OptimizerSpec.builtIn();
  private static final Map<String, Tensor> PARAMETERS = parameters();

  private static Map<String, Tensor> parameters() {
    Backend backend = Backends.get(TestBackends.names().get(0));
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    parameters.put("0.weight", Tensor.zeros(backend, 2, 2).requiresGrad(true));
    parameters.put("0.bias", Tensor.zeros(backend, 2).requiresGrad(true));
    return parameters;
  }

  @FuzzTest(maxDuration = "10m")
  void optimizerSpec(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    try (Optimizer optimizer = SPECS.build(json, PARAMETERS).optimizer()) {
      // built
    } catch (IllegalArgumentException expected) {
      // the spec's own refusal, with a message
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionError("a refusal without a message", expected);
      }
    }
  }
}
