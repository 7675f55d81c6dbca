package dev.stratum.layers.loss;

import dev.stratum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options the two cross-entropies share, as PyTorch's {@code CrossEntropyLoss} names them:
 * per-class weights ({@code weight}, here {@code class_weights}) and label smoothing ε, which mixes
 * the target with the uniform distribution, {@code (1 - ε)·t + ε/C}.
 */
record ClassWeighting(float[] classWeights, float labelSmoothing) {

  static final ClassWeighting NONE = new ClassWeighting(null, 0f);

  ClassWeighting {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(
          "label_smoothing must lie in [0, 1], got " + labelSmoothing);
    }
    if (classWeights != null) {
      classWeights = classWeights.clone();
      for (int c = 0; c < classWeights.length; c++) {
        if (!(classWeights[c] >= 0) || Float.isInfinite(classWeights[c])) {
          throw new IllegalArgumentException(
              "class_weights must be finite and >= 0, got "
                  + classWeights[c]
                  + " for class "
                  + c
                  + " in "
                  + Arrays.toString(classWeights));
        }
      }
    }
  }

  void checkClasses(String loss, Tensor prediction) {
    if (classWeights != null && classWeights.length != prediction.dim(1)) {
      throw new IllegalArgumentException(
          loss
              + ": "
              + classWeights.length
              + " class weights for a prediction "
              + LossChecks.str(prediction)
              + " with "
              + prediction.dim(1)
              + " classes on axis 1");
    }
  }

  /** The weights shaped to broadcast along axis 1 of {@code like} ({@code [1, C, 1...]}). */
  Tensor weights(Tensor like) {
    int[] shape = new int[like.rank()];
    Arrays.fill(shape, 1);
    shape[1] = classWeights.length;
    return Tensor.of(like.backend(), classWeights, shape);
  }

  /** {@code x} times the class weights along axis 1, or {@code x} without weights. */
  Tensor weigh(Tensor x) {
    return classWeights == null ? x : x.mul(weights(x));
  }

  void addTo(Map<String, Object> options) {
    if (classWeights != null) {
      List<Double> list = new ArrayList<>();
      for (float w : classWeights) {
        list.add((double) w);
      }
      options.put("class_weights", list);
    }
    if (labelSmoothing != 0) {
      options.put("label_smoothing", (double) labelSmoothing);
    }
  }

  static ClassWeighting read(LossOptions o) {
    return new ClassWeighting(o.numbers("class_weights"), o.number("label_smoothing", 0f));
  }

  Map<String, Object> options() {
    Map<String, Object> options = new LinkedHashMap<>();
    addTo(options);
    return options;
  }
}
