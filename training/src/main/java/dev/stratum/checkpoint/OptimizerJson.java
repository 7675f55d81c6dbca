package dev.stratum.checkpoint;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code optimizer.json}: the optimizer's class, its step count and, per group, the parameter names
 * and hyper-parameters; with {@code optimizer.safetensors}, what restores an optimizer.
 */
final class OptimizerJson {

  private OptimizerJson() {}

  static Map<String, Object> describe(Optimizer optimizer) {
    List<Object> groups = new ArrayList<>();
    for (ParameterGroup g : optimizer.groups()) {
      groups.add(
          Checkpoint.linked(
              "learning_rate", g.learningRate(),
              "base_learning_rate", g.baseLearningRate(),
              "weight_decay", g.weightDecay(),
              "parameters", new ArrayList<>(g.parameters().keySet())));
    }
    return Checkpoint.linked(
        "type", optimizer.getClass().getName(),
        "iterations", optimizer.iterations(),
        "groups", groups);
  }

  /**
   * Checks both optimizer files against {@code optimizer}, then loads the state and sets each
   * group's learning rate and weight decay.
   */
  static void restore(Path dir, Optimizer optimizer, Backend backend) throws IOException {
    Path file = dir.resolve(Checkpoint.OPTIMIZER_JSON);
    Map<String, Object> json = Checkpoint.readJson(file);
    String type = optimizer.getClass().getName();
    if (!type.equals(json.get("type"))) {
      throw new CheckpointException(
          file + ": saved by optimizer " + json.get("type") + ", cannot load into " + type);
    }
    List<ParameterGroup> groups = optimizer.groups();
    if (!(json.get("groups") instanceof List<?> saved) || saved.size() != groups.size()) {
      throw new CheckpointException(
          file
              + ": expected "
              + groups.size()
              + " parameter groups, found "
              + (json.get("groups") instanceof List<?> l ? l.size() : json.get("groups")));
    }
    double[][] hyper = new double[groups.size()][];
    for (int i = 0; i < hyper.length; i++) {
      hyper[i] = group(file, i, saved.get(i), groups.get(i));
    }
    Path stateFile = dir.resolve(Checkpoint.OPTIMIZER_STATE);
    Map<String, HostTensor> state = SafeTensors.read(stateFile).tensors();
    Backend target = backend != null ? backend : Backends.get();
    try (TensorScope scope = TensorScope.open()) {
      Map<String, Tensor> uploaded = new LinkedHashMap<>();
      state.forEach((name, h) -> uploaded.put(name, Tensor.of(target, h.data(), h.shape())));
      optimizer.loadState(uploaded);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(stateFile + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < hyper.length; i++) {
      groups.get(i).learningRate(hyper[i][0]);
      groups.get(i).weightDecay(hyper[i][1]);
    }
  }

  /** A saved group's learning rate and weight decay, once its parameter names match. */
  private static double[] group(Path file, int index, Object saved, ParameterGroup group)
      throws CheckpointException {
    String where = file + ": group " + index;
    if (!(saved instanceof Map<?, ?> map)) {
      throw new CheckpointException(where + " is not a JSON object");
    }
    List<String> names = new ArrayList<>(group.parameters().keySet());
    if (!names.equals(map.get("parameters"))) {
      throw new CheckpointException(
          where
              + " holds parameters "
              + map.get("parameters")
              + " but the optimizer's are "
              + names);
    }
    return new double[] {
      rate(where, "learning_rate", map.get("learning_rate")),
      rate(where, "weight_decay", map.get("weight_decay"))
    };
  }

  private static double rate(String where, String key, Object value) throws CheckpointException {
    if (!(value instanceof Number n)
        || !(n.doubleValue() >= 0)
        || n.doubleValue() > Double.MAX_VALUE) {
      throw new CheckpointException(
          where + ": " + key + " must be a finite number >= 0, got " + value);
    }
    return n.doubleValue();
  }
}
