package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d and LayerNorm with their options
 * (rectangular kernels, strides and padding, {@code same} padding including an even kernel's
 * asymmetric case, dilation, groups and depthwise, ceil mode, count_include_pad on and off) against
 * PyTorch 1.13. {@code layers/src/test/python/window_references.py} writes {@code
 * window-references.json}: for each case the layer's JSON config (built here through the registry,
 * so the config keys are tested too), its parameters by PyTorch's names, the input, an upstream
 * tensor U, the output and the gradients of {@code sum(output · U)}, computed in float64 from
 * float32 values.
 *
 * <p>Tolerance {@code |a - e| <= 2e-5·max(1, |e|)}, against the float64 result: each value is a sum
 * of at most a few hundred float32 products of terms below 5, whose rounding is about {@code
 * n·2^-24·Σ|terms|}; LayerNorm divides by a standard deviation of the normal inputs near 1.
 */
class WindowLayersPyTorchTest {

  static final double TOLERANCE = 2e-5;

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases() {
    try (InputStream in =
        WindowLayersPyTorchTest.class.getResourceAsStream("window-references.json")) {
      Map<String, Object> root = JSON.std.mapFrom(in);
      assertThat(root.get("torch").toString()).startsWith("1.13");
      return (List<Map<String, Object>>) (List<?>) root.get("cases");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> casesOnBackends() {
    List<Arguments> arguments = new ArrayList<>();
    for (String backend : TestBackends.names()) {
      for (Map<String, Object> c : cases()) {
        arguments.add(Arguments.of(backend, c.get("name"), c));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("casesOnBackends")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(String backend, String name, Map<String, Object> c) {
    Backend b = Backends.get(backend);
    Map<String, Object> config = (Map<String, Object>) c.get("config");
    try (Layer layer = StandardLayers.build(b, (String) c.get("type"), config);
        TensorScope scope = TensorScope.open()) {
      Map<String, Object> parameters = (Map<String, Object>) c.get("parameters");
      assertThat(layer.parameters().keySet())
          .as(name + ": parameter names")
          .containsExactlyInAnyOrderElementsOf(parameters.keySet());
      for (Map.Entry<String, Object> p : parameters.entrySet()) {
        Tensor target = layer.parameters().get(p.getKey());
        try (NoGrad ignored = Autograd.noGrad()) {
          Tensor value = tensor(b, p.getValue());
          assertThat(target.shape()).as(name + ": shape of " + p.getKey()).isEqualTo(value.shape());
          target.copyFrom(value);
        }
        target.zeroGrad();
      }
      Tensor x = tensor(b, c.get("input")).requiresGrad(true);
      Tensor y = layer.forward(x);
      Map<String, Object> output = (Map<String, Object>) c.get("output");
      assertThat(y.shape()).as(name + ": output shape").isEqualTo(shape(output));
      assertThat(layer.outputShape(x.shape())).as(name + ": outputShape").isEqualTo(shape(output));
      assertClose(name + ": output", y.toArray(), data(output));
      y.mul(tensor(b, c.get("upstream"))).sum().backward();
      Map<String, Object> gradients = (Map<String, Object>) c.get("gradients");
      assertClose(name + ": input gradient", x.grad().toArray(), data(gradients.get("input")));
      for (String p : parameters.keySet()) {
        assertClose(
            name + ": gradient of " + p,
            layer.parameters().get(p).grad().toArray(),
            data(gradients.get(p)));
      }
      layer.parameters().values().forEach(Tensor::zeroGrad);
    }
  }

  @SuppressWarnings("unchecked")
  private static int[] shape(Object t) {
    return ((List<Number>) ((Map<String, Object>) t).get("shape"))
        .stream().mapToInt(Number::intValue).toArray();
  }

  @SuppressWarnings("unchecked")
  private static double[] data(Object t) {
    return ((List<Number>) ((Map<String, Object>) t).get("data"))
        .stream().mapToDouble(Number::doubleValue).toArray();
  }

  private static Tensor tensor(Backend b, Object t) {
    double[] values = data(t);
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return Tensor.of(b, floats, shape(t));
  }

  private static void assertClose(String what, float[] actual, double[] expected) {
    assertThat(actual).as(what + ": length").hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double allowed = TOLERANCE * Math.max(1, Math.abs(expected[i]));
      if (!(Math.abs(actual[i] - expected[i]) <= allowed)) {
        throw new AssertionFailedError(
            what + ": element " + i + " is " + actual[i] + ", PyTorch gives " + expected[i]);
      }
    }
  }
}
