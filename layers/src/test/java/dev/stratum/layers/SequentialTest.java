package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.AbsorbsActivation;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SequentialTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  @Test
  void namesChildrenByPosition() {
    try (Sequential model =
        new Sequential(
            new Dense(4, 3),
            new Activation.ReLU(),
            new Sequential(new Dense(3, 2), new Activation.Tanh()))) {
      assertThat(model.parameters().keySet())
          .containsExactly("0.weight", "0.bias", "2.0.weight", "2.0.bias");
      assertThat(model.buffers()).isEmpty();
      assertThat(model.config())
          .isEqualTo(
              Map.of(
                  "layers",
                  List.of(
                      Map.of("type", "dense", "config", model.get(0).config()),
                      Map.of("type", "relu", "config", Map.of()),
                      Map.of("type", "sequential", "config", model.get(2).config()))));
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void forwardComposesTheChildren(String name) {
    Backend b = Backends.get(name);
    LayerOptions options = LayerOptions.defaults().on(b).seed(1);
    Dense first = new Dense(4, 3, options);
    Dense second = new Dense(3, 2, options);
    try (Sequential model = new Sequential(first, new Activation.Tanh(), second);
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.of(b, GradientAssert.normal(8, 2), 2, 4);
      float[] expected = second.forward(first.forward(x).tanh()).toArray();
      assertThat(model.forward(x).toArray()).containsExactly(expected);
      try (NoGrad ignored = Autograd.noGrad()) {
        assertThat(model.forward(x).toArray()).containsExactly(expected);
      }
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void aLayerThatAbsorbsActivationsGetsTheOneAfterItWhenItSaysSo(String name) {
    Backend b = Backends.get(name);
    Doubling takesTanh = new Doubling();
    Doubling alsoTakesTanh = new Doubling();
    try (Sequential model =
            new Sequential(takesTanh, new Activation.Tanh(), alsoTakesTanh, new Activation.ReLU());
        TensorScope scope = TensorScope.open()) {
      Tensor x = Tensor.vector(b, -1f, 0.25f);
      float[] out = model.forward(x).toArray();

      assertThat(takesTanh.handed).containsExactly(new Activation.Tanh());
      // ReLU is refused, so Sequential runs it: handed nothing, and the layer's plain forward ran
      assertThat(alsoTakesTanh.handed).containsExactly((Activation) null);
      assertThat(out).containsExactly(x.mul(2f).tanh().mul(2f).relu().toArray());
      assertThat(out[0]).isZero();
      assertThat(out[1]).isPositive();
    }
  }

  /** {@code 2x}, taking in a following Tanh only; records what Sequential handed it. */
  private static final class Doubling implements AbsorbsActivation {
    final List<Activation> handed = new java.util.ArrayList<>();

    @Override
    public boolean absorbs(Activation activation) {
      return activation instanceof Activation.Tanh;
    }

    @Override
    public Tensor forward(Tensor input, Activation activation) {
      handed.add(activation);
      Tensor doubled = input.mul(2f);
      return activation == null ? doubled : activation.forward(doubled);
    }

    @Override
    public Tensor forward(Tensor input) {
      return forward(input, null);
    }

    @Override
    public int[] outputShape(int... inputShape) {
      return inputShape.clone();
    }

    @Override
    public String typeName() {
      return "doubling";
    }

    @Override
    public Map<String, Object> config() {
      return Map.of();
    }
  }

  @Test
  void trainAndEvalReachEveryChild() {
    Dropout dropout = Dropout.keep(0.5);
    try (Sequential model = new Sequential(new Dense(2, 2), new Sequential(dropout))) {
      assertThat(model.isTraining()).isTrue();
      model.eval();
      assertThat(model.isTraining()).isFalse();
      assertThat(dropout.isTraining()).isFalse();
      model.train(true);
      assertThat(dropout.isTraining()).isTrue();
    }
  }

  @Test
  void outputShapeErrorsSayWhichLayer() {
    try (Sequential model = new Sequential(new Dense(4, 3), new Dense(5, 2))) {
      assertThatThrownBy(() -> model.outputShape(7, 4))
          .hasMessage(
              "Sequential layer 1 (dense): Dense(5 -> 2): input [7, 3] does not fit: the last"
                  + " axis has 3 features, not 5");
    }
  }

  @Test
  void alexNetFirstLayerSummary() {
    try (Conv2d conv = new Conv2d(3, 96, 11, 4, 0);
        Sequential model = new Sequential(conv, new Activation.ReLU(), new MaxPool2d(3, 2, 0))) {
      assertThat(conv.outputShape(1, 3, 227, 227)).containsExactly(1, 96, 55, 55);
      Summary summary = Summary.of(model, 1, 3, 227, 227);
      assertThat(summary.rows().get(0).parameters()).isEqualTo(34_944);
      assertThat(summary.rows().get(0).outputShape()).containsExactly(1, 96, 55, 55);
      assertThat(summary.outputShape()).containsExactly(1, 96, 27, 27);
      assertThat(summary.totalParameters()).isEqualTo(34_944);
      String table = model.summary(1, 3, 227, 227);
      assertThat(table)
          .contains("Conv2d(3 -> 96, 11x11, s4, p0)")
          .contains("[1, 96, 55, 55]")
          .contains("34,944")
          .contains("ReLU()")
          .contains("MaxPool2d(3x3, s2, p0)")
          .contains("[1, 96, 27, 27]")
          .contains("Total params: 34,944");
      assertThat(table.lines().count()).isEqualTo(1 + 2 + 3 + 3);
    }
  }

  @Test
  void summaryOfTheDenseAutoencoder() {
    try (Sequential model =
        new Sequential(
            new Dense(784, 256),
            new Activation.ReLU(),
            new Dense(256, 64),
            new Activation.ReLU(),
            new Dense(64, 256),
            new Activation.ReLU(),
            new Dense(256, 784),
            new Activation.Sigmoid())) {
      Summary summary = Summary.of(model, 128, 784);
      // (784·256 + 256) + (256·64 + 64) + (64·256 + 256) + (256·784 + 784)
      assertThat(summary.totalParameters()).isEqualTo(200_960 + 16_448 + 16_640 + 201_488);
      assertThat(summary.outputShape()).containsExactly(128, 784);
      assertThatThrownBy(() -> Summary.of(model, 128, 100))
          .hasMessageStartingWith("summary: layer 0 (dense): Dense(784 -> 256): input [128, 100]");
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void rebuildsFromJsonAndGivesTheSameOutputsWithCopiedParameters(String name) throws Exception {
    Backend b = Backends.get(name);
    LayerOptions options = LayerOptions.defaults().on(b).seed(3);
    try (Sequential model =
            new Sequential(
                new Conv2d(1, 4, 3, 1, 1, false, options),
                new Activation.ReLU(),
                new MaxPool2d(2),
                new Conv2d(4, 8, 3, 1, 1, false, options.bias(false)),
                new Activation.LeakyReLU(0.1),
                new AvgPool2d(2),
                new Flatten(),
                new Dropout(0.9),
                new Dense(8 * 2 * 2, 5, options),
                new Activation.Softmax(1));
        TensorScope scope = TensorScope.open()) {
      String json = JSON.std.asString(model.config());
      Map<String, Object> parsed = JSON.std.mapFrom(json);
      try (Layer copy = StandardLayers.build(b, "sequential", parsed)) {
        assertThat(JSON.std.asString(copy.config())).isEqualTo(json);
        assertThat(copy.parameters().keySet())
            .containsExactlyElementsOf(model.parameters().keySet());
        try (NoGrad ignored = Autograd.noGrad()) {
          model.parameters().forEach((key, value) -> copy.parameters().get(key).copyFrom(value));
        }
        model.eval();
        copy.eval();
        Tensor x = Tensor.of(b, GradientAssert.normal(2 * 64, 4), 2, 1, 8, 8);
        assertThat(copy.forward(x).toArray()).containsExactly(model.forward(x).toArray());
      }
    }
  }

  @Test
  void unknownTypesAreNamed() {
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    Backends.get(),
                    "sequential",
                    Map.of("layers", List.of(Map.of("type", "densse", "config", Map.of())))))
        .hasMessageStartingWith("no layer type 'densse' is registered; known types: [")
        .hasMessageContaining("dense");
    assertThatThrownBy(() -> StandardLayers.build(Backends.get(), "dense", Map.of("inFeatures", 3)))
        .hasMessage("dense: config is missing 'outFeatures' (got keys [inFeatures])");
    assertThatThrownBy(
            () ->
                StandardLayers.build(
                    Backends.get(), "dense", Map.of("inFeatures", 2.5, "outFeatures", 3)))
        .hasMessage("dense: config 'inFeatures' must be a whole number, got '2.5' (Double)");
  }
}
