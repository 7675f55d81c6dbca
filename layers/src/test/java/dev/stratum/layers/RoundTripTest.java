package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.Activation;
import dev.stratum.layers.init.Initializer;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered type: its config survives JSON and its factory, parameter names and shapes
 * match, outputs match once parameters are copied, and nothing is left allocated after close.
 */
class RoundTripTest {

  private record Sample(Layer layer, int[] inputShape, boolean indices) {}

  private static List<Sample> samples(Backend b) {
    LayerOptions o = LayerOptions.defaults().on(b).seed(1);
    List<Sample> s = new ArrayList<>();
    s.add(
        new Sample(new Dense(4, 3, o.weightInit(Initializer.heNormal())), new int[] {2, 4}, false));
    s.add(
        new Sample(new Conv2d(2, 3, 3, 2, 1, true, o.bias(false)), new int[] {2, 2, 5, 5}, false));
    s.add(new Sample(new MaxPool2d(3, 2, 1), new int[] {2, 2, 5, 5}, false));
    s.add(new Sample(new AvgPool2d(2), new int[] {2, 2, 4, 4}, false));
    s.add(
        new Sample(
            Conv2d.builder(4, 6, 3, 2)
                .padding(Padding2d.SAME)
                .dilation(2, 1)
                .groups(2)
                .options(o)
                .build(),
            new int[] {2, 4, 5, 5},
            false));
    s.add(
        new Sample(
            new MaxPool2d(
                new MaxPool2d.Config(
                    Size2d.of(3, 2), Size2d.of(2, 1), Size2d.of(1, 0), Size2d.of(1, 2), true)),
            new int[] {2, 2, 6, 7},
            false));
    s.add(
        new Sample(
            new AvgPool2d(new AvgPool2d.Config(Size2d.of(3, 2), null, Size2d.of(1), true, false)),
            new int[] {2, 2, 7, 6},
            false));
    s.add(new Sample(new GlobalAvgPool2d(true), new int[] {2, 3, 4, 5}, false));
    s.add(
        new Sample(new LayerNorm(new int[] {2, 3}, 1e-3, true, o), new int[] {2, 4, 2, 3}, false));
    s.add(
        new Sample(
            ConvTranspose2d.builder(4, 6, 3, 2)
                .stride(2, 1)
                .padding(1, 0)
                .outputPadding(1, 0)
                .dilation(1, 2)
                .groups(2)
                .options(o)
                .build(),
            new int[] {2, 4, 3, 3},
            false));
    s.add(new Sample(new Flatten(), new int[] {2, 2, 2, 2}, false));
    s.add(new Sample(new Reshape(2, -1), new int[] {2, 8}, false));
    s.add(new Sample(new Dropout(0.7), new int[] {2, 5}, false));
    s.add(new Sample(new BatchNorm1d(3, 0.2, 1e-3, true, o), new int[] {4, 3}, false));
    s.add(new Sample(new BatchNorm2d(2, 0.1, 1e-5, false, o), new int[] {2, 2, 3, 3}, false));
    s.add(new Sample(new ConvTranspose2d(2, 3, 3, 2, 1, 1, o), new int[] {2, 2, 3, 3}, false));
    s.add(new Sample(new Upsample2d(2, Upsample2d.Mode.BILINEAR), new int[] {1, 2, 3, 3}, false));
    s.add(
        new Sample(new LocallyConnected2d(2, 3, 4, 4, 2, 2, 0, o), new int[] {2, 2, 4, 4}, false));
    s.add(new Sample(new Embedding(6, 4, o), new int[] {2, 3}, true));
    s.add(new Sample(new Activation.LeakyReLU(0.2), new int[] {2, 3}, false));
    s.add(new Sample(new Activation.ELU(0.5), new int[] {2, 3}, false));
    s.add(new Sample(new Activation.Softmax(0), new int[] {2, 3}, false));
    for (String type : List.of("relu", "sigmoid", "tanh", "softplus", "gelu", "identity")) {
      s.add(new Sample(StandardLayers.build(b, type, Map.of()), new int[] {2, 3}, false));
    }
    s.add(
        new Sample(
            new Sequential(new Dense(3, 3, o), new Activation.Tanh(), new Dense(3, 2, o)),
            new int[] {2, 3},
            false));
    return s;
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.TestBackends#names")
  void everyRegisteredTypeRoundTrips(String name) throws Exception {
    Backend b = Backends.get(name);
    int before = b.liveStorages();
    Set<String> covered = new TreeSet<>();
    for (Sample sample : samples(b)) {
      Layer layer = sample.layer();
      covered.add(layer.typeName());
      String json = JSON.std.asString(layer.config());
      try (Layer copy = StandardLayers.build(b, layer.typeName(), JSON.std.mapFrom(json));
          TensorScope scope = TensorScope.open()) {
        assertThat(copy.getClass()).isEqualTo(layer.getClass());
        assertThat(JSON.std.asString(copy.config())).as(layer.typeName()).isEqualTo(json);
        assertThat(copy.parameters().keySet())
            .containsExactlyElementsOf(layer.parameters().keySet());
        assertThat(copy.buffers().keySet()).containsExactlyElementsOf(layer.buffers().keySet());
        try (NoGrad ignored = Autograd.noGrad()) {
          layer.parameters().forEach((k, v) -> copy.parameters().get(k).copyFrom(v));
        }
        layer.eval();
        copy.eval();
        int size = java.util.Arrays.stream(sample.inputShape()).reduce(1, (x, y) -> x * y);
        float[] values = GradientAssert.normal(size, 2);
        if (sample.indices()) {
          for (int i = 0; i < size; i++) {
            values[i] = i % 6;
          }
        }
        Tensor x = Tensor.of(b, values, sample.inputShape());
        Tensor expected = layer.forward(x);
        assertThat(copy.forward(x).toArray())
            .as(layer.typeName())
            .containsExactly(expected.toArray());
        assertThat(expected.shape()).containsExactly(layer.outputShape(sample.inputShape()));
      }
      layer.close();
    }
    assertThat(covered).isEqualTo(new TreeSet<>(StandardLayers.factories().keySet()));
    assertThat(b.liveStorages()).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("dev.stratum.layers.TestBackends#names")
  void inferenceWithoutAScopeLeavesOnlyTheOutput(String name) {
    Backend b = Backends.get(name);
    for (Sample sample : samples(b)) {
      try (Layer layer = sample.layer();
          NoGrad ignored = Autograd.noGrad()) {
        int size = java.util.Arrays.stream(sample.inputShape()).reduce(1, (x, y) -> x * y);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
          values[i] = sample.indices() ? i % 6 : (i % 7) * 0.3f - 1;
        }
        for (boolean training : new boolean[] {true, false}) {
          layer.train(training);
          try (Tensor x = Tensor.of(b, values, sample.inputShape())) {
            // a first pass may cache state (bilinear upsampling keeps its interpolation matrices)
            Tensor warmUp = layer.forward(x);
            if (warmUp != x) {
              warmUp.close();
            }
            int before = b.liveStorages();
            Tensor y = layer.forward(x);
            if (y != x) {
              y.close();
            }
            assertThat(b.liveStorages())
                .as(layer + (training ? " training" : " evaluating"))
                .isEqualTo(before);
          }
        }
      }
    }
  }
}
