package dev.stratum.layers.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.Conv2d;
import dev.stratum.layers.ConvTranspose2d;
import dev.stratum.layers.Dense;
import dev.stratum.layers.Embedding;
import dev.stratum.layers.LayerOptions;
import dev.stratum.layers.LocallyConnected2d;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterShapeTest {

  @Test
  void fansAreNamedAndBothRequired() {
    ParameterShape shape = ParameterShape.of(3, 5);
    ParameterShape dense = shape.fanIn(5).fanOut(3);
    assertThat(dense.dims()).containsExactly(3, 5);
    assertThat(dense.fanIn()).isEqualTo(5);
    assertThat(dense.fanOut()).isEqualTo(3);
    assertThat(dense).hasToString("[3, 5] (fan-in 5, fan-out 3)");
    assertThat(dense).isEqualTo(ParameterShape.of(3, 5).fanOut(3).fanIn(5));
    assertThat(dense).isNotEqualTo(ParameterShape.of(3, 5).fanIn(3).fanOut(5));
    // the withers copy
    assertThatThrownBy(shape::fanIn)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "[3, 5] (fan-in ?, fan-out ?): no fan-in was given"
                + " (ParameterShape.of(...).fanIn(in).fanOut(out))");
    assertThatThrownBy(() -> shape.fanIn(5).fanOut())
        .hasMessageStartingWith("[3, 5] (fan-in 5, fan-out ?): no fan-out was given");
    assertThatThrownBy(() -> shape.fanIn(-1))
        .hasMessage("[3, 5] (fan-in ?, fan-out ?): the fan-in must not be negative, got -1");
    assertThatThrownBy(() -> ParameterShape.of(3, -5))
        .hasMessage("parameter shape [3, -5]: a dimension is negative");
    int[] dims = dense.dims();
    dims[0] = 99;
    assertThat(dense.dims()).containsExactly(3, 5);
  }

  /** One parameter as the layer should draw it: shape, fan-in and fan-out. */
  private record Draw(int fanIn, int fanOut, int... shape) {}

  /** A layer built with the given weight and bias initializers, and the draws it should make. */
  private record Case(Function<LayerOptions, Layer> build, List<Draw> draws) {}

  private static List<Case> cases() {
    return List.of(
        new Case(o -> new Dense(5, 3, o), List.of(new Draw(5, 3, 3, 5), new Draw(5, 3, 3))),
        new Case(
            o -> new Conv2d(2, 3, 3, 1, 0, false, o),
            List.of(new Draw(18, 27, 3, 2, 3, 3), new Draw(18, 27, 3))),
        // a transposed convolution counts its fan-in from the weight's second axis (out·k²)
        new Case(
            o -> new ConvTranspose2d(2, 3, 3, 2, 1, 1, o),
            List.of(new Draw(27, 18, 2, 3, 3, 3), new Draw(27, 18, 3))),
        new Case(
            o -> new LocallyConnected2d(2, 3, 5, 5, 2, 2, 1, o),
            List.of(new Draw(8, 12, 9, 3, 8), new Draw(8, 12, 3, 3, 3))),
        new Case(o -> new Embedding(6, 4, o), List.of(new Draw(6, 4, 6, 4))));
  }

  /**
   * He uniform reads the fan-in only and Xavier uniform the sum of both fans, so the pair pins
   * both; each layer's parameters must be exactly the draws of a fresh generator, in parameter
   * order.
   */
  @ParameterizedTest
  @MethodSource("dev.stratum.layers.TestBackends#names")
  void layersDrawTheirParametersWithTheirFansInOrder(String name) {
    Backend b = Backends.get(name);
    List<List<Initializer>> pairs =
        List.of(
            List.of(Initializer.heUniform(), Initializer.xavierUniform()),
            List.of(Initializer.xavierUniform(), Initializer.heUniform()));
    for (Case c : cases()) {
      for (List<Initializer> pair : pairs) {
        LayerOptions options =
            LayerOptions.defaults().on(b).seed(11).weightInit(pair.get(0)).biasInit(pair.get(1));
        try (Layer layer = c.build().apply(options);
            TensorScope scope = TensorScope.open()) {
          Generator expected = new Generator(11);
          List<Tensor> parameters = List.copyOf(layer.parameters().values());
          assertThat(parameters).hasSize(c.draws().size());
          for (int i = 0; i < parameters.size(); i++) {
            Draw d = c.draws().get(i);
            Tensor reference = pair.get(i).create(b, expected, d.fanIn(), d.fanOut(), d.shape());
            assertThat(parameters.get(i).shape()).as(layer.toString()).containsExactly(d.shape());
            assertThat(parameters.get(i).toArray())
                .as(layer + " parameter " + i)
                .containsExactly(reference.toArray());
          }
        }
      }
    }
  }
}
