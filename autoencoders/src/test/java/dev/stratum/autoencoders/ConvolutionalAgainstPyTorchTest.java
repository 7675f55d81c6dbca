package dev.stratum.autoencoders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.checkpoint.Checkpoint;
import dev.stratum.layers.LayerOptions;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Workload 5's autoencoder against PyTorch's layers with the same weights (read by NumPy from the
 * checkpoint): the reconstruction of a batch and the gradient of the MSE with respect to every
 * parameter agree to float32 rounding (tolerance 1e-5 absolute plus 1e-3 relative of the largest
 * entry, for sums over up to 2,000 products). Skips when Debian's python3-torch is absent, and
 * fails then under CI=true.
 */
class ConvolutionalAgainstPyTorchTest {

  static List<String> backends() {
    return dev.stratum.testing.TestBackends.names();
  }

  static final String SCRIPT =
      String.join(
          "\n",
          "import json, struct, sys, numpy as np, torch",
          "from torch import nn",
          "raw = open(sys.argv[1], 'rb').read()",
          "(n,) = struct.unpack('<Q', raw[:8])",
          "header = json.loads(raw[8:8 + n]); header.pop('__metadata__', None)",
          "w = {}",
          "for name, e in header.items():",
          "    b, end = e['data_offsets']",
          "    w[name] = torch.from_numpy(np.frombuffer(raw[8 + n + b:8 + n + end], dtype='<f4')"
              + ".reshape(e['shape']).copy())",
          "m = nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1),"
              + " nn.ReLU(), nn.ConvTranspose2d(32, 16, 3, 2, 1, 1), nn.ReLU(),"
              + " nn.ConvTranspose2d(16, 1, 3, 2, 1, 1), nn.Sigmoid())",
          "names = {0: 'encoder.0', 2: 'encoder.2', 4: 'decoder.0', 6: 'decoder.2'}",
          "with torch.no_grad():",
          "    for i, p in names.items():",
          "        m[i].weight.copy_(w[p + '.weight']); m[i].bias.copy_(w[p + '.bias'])",
          "x = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32).reshape(3, 1, 28, 28)",
          "y = m(x); loss = ((y - x) ** 2).mean(); loss.backward()",
          "out = {'output': y.detach().ravel().tolist(), 'loss': loss.item()}",
          "for i, p in names.items():",
          "    out[p + '.weight'] = m[i].weight.grad.ravel().tolist()",
          "    out[p + '.bias'] = m[i].bias.grad.ravel().tolist()",
          "print(json.dumps(out))");

  @ParameterizedTest
  @MethodSource("backends")
  void reconstructionAndGradientsEqualPyTorchs(String name, @TempDir Path dir) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    if (!torch(python)) {
      String missing =
          "/usr/bin/python3 with PyTorch is not installed: apt-get install python3-torch";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(missing + " (CI=true: .ci/run installs it)");
      }
      Assumptions.abort("skipped: " + missing);
    }
    Backend b = Backends.get(name);
    float[] x = FiniteDifferencesData.unit(3 * 784, 13);
    try (Autoencoder ae = Autoencoders.convolutional(LayerOptions.defaults().on(b).seed(3));
        TensorScope scope = TensorScope.open()) {
      Checkpoint.save(dir, ae);
      Tensor input = Tensor.of(b, x, 3, 1, 28, 28);
      Tensor output = ae.reconstruct(input);
      Tensor loss = ae.reconstructionLoss(output, input);
      ae.parameters().values().forEach(Tensor::zeroGrad);
      loss.backward();
      StringBuilder values = new StringBuilder("[");
      for (int i = 0; i < x.length; i++) {
        values.append(i == 0 ? "" : ",").append(x[i]);
      }
      Process p =
          new ProcessBuilder(
                  python.toString(),
                  "-c",
                  SCRIPT,
                  dir.resolve(Checkpoint.MODEL_WEIGHTS).toString(),
                  values.append("]").toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      Map<String, Object> torch = JSON.std.mapFrom(out.substring(out.indexOf('{')));
      close(name + " output", output.toArray(), torch.get("output"));
      assertThat((double) loss.item())
          .isCloseTo(
              ((Number) torch.get("loss")).doubleValue(),
              org.assertj.core.data.Offset.offset(1e-6));
      for (var e : ae.parameters().entrySet()) {
        close(
            name + " gradient of " + e.getKey(),
            e.getValue().grad().toArray(),
            torch.get(e.getKey()));
      }
    }
  }

  private static void close(String what, float[] actual, Object expected) {
    List<?> list = (List<?>) expected;
    assertThat(actual).as(what).hasSize(list.size());
    double largest = 0;
    for (Object v : list) {
      largest = Math.max(largest, Math.abs(((Number) v).doubleValue()));
    }
    for (int i = 0; i < actual.length; i++) {
      double e = ((Number) list.get(i)).doubleValue();
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(e, org.assertj.core.data.Offset.offset(1e-5 + 1e-3 * largest));
    }
  }

  static boolean torch(Path python) throws Exception {
    if (!Files.isExecutable(python)) {
      return false;
    }
    Process p = new ProcessBuilder(python.toString(), "-c", "import torch").start();
    p.getInputStream().readAllBytes();
    return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
