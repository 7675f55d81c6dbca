package dev.stratum.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.layers.activation.Activation;
import dev.stratum.nn.Layer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.Generator;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers learn: small models trained with plain SGD (written here, so the test needs no optimizer
 * module) on generated problems that a working model solves and a broken gradient does not.
 */
class TrainingTest {

  private static final String BACKENDS = "dev.stratum.layers.TestBackends#names";

  /** Mean softmax cross-entropy of logits [N, K] against class indices [N]. */
  private static Tensor crossEntropy(Tensor logits, Tensor labels) {
    Tensor oneHot = Tensor.oneHot(labels, logits.dim(1));
    return logits.logSoftmax(1).mul(oneHot).sum().div((float) -logits.dim(0));
  }

  private static void sgdStep(Layer model, float lr) {
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Tensor p : model.parameters().values()) {
        p.addScaledInPlace(-lr, p.grad());
        p.zeroGrad();
      }
    }
  }

  private static double accuracy(Layer model, Tensor x, float[] labels) {
    model.eval();
    try (TensorScope scope = TensorScope.open();
        NoGrad ignored = Autograd.noGrad()) {
      float[] predicted = model.forward(x).argmax(1, false).toArray();
      int right = 0;
      for (int i = 0; i < labels.length; i++) {
        right += predicted[i] == labels[i] ? 1 : 0;
      }
      return right / (double) labels.length;
    } finally {
      model.train(true);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void denseClassifierLearnsTwoRings(String name) {
    Backend b = Backends.get(name);
    int n = 256;
    float[] points = new float[n * 2];
    float[] labels = new float[n];
    Random r = new Random(1);
    for (int i = 0; i < n; i++) {
      // class 0 inside radius 1, class 1 on a ring of radius 2: not linearly separable
      labels[i] = i % 2;
      double radius = (labels[i] == 0 ? 0.5 : 2) + 0.3 * r.nextGaussian();
      double angle = 2 * Math.PI * r.nextDouble();
      points[2 * i] = (float) (radius * Math.cos(angle));
      points[2 * i + 1] = (float) (radius * Math.sin(angle));
    }
    LayerOptions options = LayerOptions.defaults().on(b).seed(2);
    try (Sequential model =
            new Sequential(
                new Dense(2, 32, options),
                new Activation.ReLU(),
                new Dropout(0.9, new Generator(3)),
                new Dense(32, 32, options),
                new Activation.Tanh(),
                new Dense(32, 2, options));
        Tensor x = Tensor.of(b, points, n, 2);
        Tensor y = Tensor.vector(b, labels)) {
      double before = accuracy(model, x, labels);
      for (int step = 0; step < 300; step++) {
        try (TensorScope scope = TensorScope.open()) {
          crossEntropy(model.forward(x), y).backward();
        }
        sgdStep(model, 0.2f);
      }
      // chance is 0.5; the rings are separated by about 5 standard deviations of the noise
      assertThat(accuracy(model, x, labels)).isGreaterThan(0.95).isGreaterThan(before);
    }
  }

  @ParameterizedTest
  @MethodSource(BACKENDS)
  void smallCnnLearnsBarOrientation(String name) {
    Backend b = Backends.get(name);
    int n = 64;
    int side = 8;
    float[] images = new float[n * side * side];
    float[] labels = new float[n];
    Random r = new Random(4);
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2; // 0: a horizontal bar, 1: a vertical one, at a random place
      int at = 1 + r.nextInt(side - 2);
      for (int j = 0; j < side; j++) {
        int row = labels[i] == 0 ? at : j;
        int col = labels[i] == 0 ? j : at;
        images[(i * side + row) * side + col] = 1;
      }
      for (int k = 0; k < side * side; k++) {
        images[i * side * side + k] += (float) (0.1 * r.nextGaussian());
      }
    }
    LayerOptions options = LayerOptions.defaults().on(b).seed(5);
    try (Sequential model =
            new Sequential(
                new Conv2d(1, 4, 3, 1, 1, false, options),
                new BatchNorm2d(4, 0.1, 1e-5, true, options),
                new Activation.ReLU(),
                new MaxPool2d(2),
                new Conv2d(4, 8, 3, 1, 1, false, options),
                new Activation.ReLU(),
                new AvgPool2d(2),
                new Flatten(),
                new Dense(8 * 2 * 2, 2, options));
        Tensor x = Tensor.of(b, images, n, 1, side, side);
        Tensor y = Tensor.vector(b, labels)) {
      for (int step = 0; step < 60; step++) {
        try (TensorScope scope = TensorScope.open()) {
          crossEntropy(model.forward(x), y).backward();
        }
        sgdStep(model, 0.1f);
      }
      assertThat(accuracy(model, x, labels)).isGreaterThan(0.9);
    }
  }
}
