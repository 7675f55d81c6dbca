package dev.stratum.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.data.Batch;
import dev.stratum.nn.Layer;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.optimizers.Sgd;
import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RangeTestTest {

  /** y = x·w, written here so that the test needs no layers module. */
  record Linear(Tensor weight) implements Layer {
    @Override
    public Tensor forward(Tensor input) {
      return input.matmul(weight);
    }

    @Override
    public Map<String, Tensor> parameters() {
      return Map.of("weight", weight);
    }

    @Override
    public int[] outputShape(int... inputShape) {
      return new int[] {inputShape[0], 1};
    }

    @Override
    public String typeName() {
      return "test-linear";
    }

    @Override
    public Map<String, Object> config() {
      return Map.of();
    }
  }

  /**
   * Least squares on x ~ N(0, I₂), y = x·[2, −3]: the mean squared error has Hessian ≈ 2I, so plain
   * SGD converges for rates below about 1 and diverges above. The curve must fall, then rise; the
   * steepest descent must lie in [0.01, 1] and min/10 in [1e-3, 1]; the parameters, state and rate
   * must come back unchanged.
   */
  @ParameterizedTest
  @MethodSource("dev.stratum.testing.TestBackends#names")
  void rangeTestFindsTheUsefulRatesAndRestoresTheModel(String backend) {
    Backend b = Backends.get(backend);
    Loss mse = (p, t) -> p.sub(t).square().mean();
    try (Tensor w = Tensor.zeros(b, 2, 1).requiresGrad(true);
        Tensor truth = Tensor.of(b, new float[] {2f, -3f}, 2, 1);
        Optimizer sgd = new Sgd(Map.of("weight", w), 0.05)) {
      Linear model = new Linear(w);
      Iterable<Batch> batches =
          () ->
              new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                  return i < 10;
                }

                @Override
                public Batch next() {
                  i++; // the same 256 samples each time: a smooth curve to check against
                  Tensor x = Tensor.normal(b, 100, 0f, 1f, 256, 2);
                  return new Batch(x, x.matmul(truth));
                }
              };
      LearningRateRangeTest.Result result =
          new LearningRateRangeTest(1e-4, 10, 80).run(model, mse, sgd, batches);
      List<LearningRateRangeTest.Point> points = result.points();
      System.out.printf(
          "range test on %s: %d points, steepest %.3g, min/10 %.3g%n",
          backend, points.size(), result.steepestRate(), result.minimumRateOverTen());
      assertThat(points.size()).isBetween(30, 80);
      assertThat(points.get(0).rate()).isEqualTo(1e-4);
      assertThat(result.steepestRate()).isBetween(0.01, 1.0);
      assertThat(result.minimumRateOverTen()).isBetween(1e-3, 1.0);
      double first = points.get(0).loss();
      double lowest = points.stream().mapToDouble(p -> p.loss()).min().orElseThrow();
      assertThat(lowest).isLessThan(first / 10);
      assertThat(w.toArray()).containsExactly(0f, 0f);
      assertThat(sgd.iterations()).isZero();
      assertThat(sgd.groups().get(0).learningRate()).isEqualTo(0.05);
      assertThat(result.toCsv().lines().count()).isEqualTo(points.size() + 1L);
      List<Double> rates = new ArrayList<>();
      points.forEach(p -> rates.add(p.rate()));
      for (int i = 1; i < rates.size(); i++) {
        assertThat(rates.get(i) / rates.get(i - 1))
            .isCloseTo(Math.pow(1e5, 1 / 79.0), org.assertj.core.api.Assertions.within(1e-9));
      }
    }
  }
}
