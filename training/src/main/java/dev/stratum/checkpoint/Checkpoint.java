package dev.stratum.checkpoint;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stratum.backend.Backend;
import dev.stratum.nn.Layer;
import dev.stratum.nn.LayerFactory;
import dev.stratum.optim.Optimizer;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Saves and loads a model, and optionally its optimizer, as a checkpoint directory:
 *
 * <ul>
 *   <li>{@code model.safetensors}: every parameter and buffer under its {@link Layer#parameters()}
 *       / {@link Layer#buffers()} name, float32, readable by Python's {@code safetensors} and
 *       NumPy;
 *   <li>{@code model.json}: the architecture, {@code {"type": ..., "config": ...}} from {@link
 *       Layer#typeName()} and {@link Layer#config()}, rebuilt through a {@link LayerFactory}
 *       registry;
 *   <li>{@code optimizer.safetensors} and {@code optimizer.json} (when an optimizer is given): the
 *       tensors of {@link Optimizer#state()}, and the optimizer's class, step count and each
 *       group's hyper-parameters;
 *   <li>{@code training.json} (when a {@link TrainingState} is given, as {@code ModelCheckpoint}
 *       does): the last finished epoch and the state of the run's stateful callbacks, which {@code
 *       Trainer.Builder.resumeFrom} reads so that a resumed run needs no {@code initialEpoch}.
 * </ul>
 *
 * <p>Saving is atomic for the directory as a whole: the files are written (each through a synced
 * temporary file and an atomic rename) into a staging directory that then replaces the old one, so
 * a crash at any point leaves the previous checkpoint loadable. The directory belongs to the
 * checkpoint: other files in it are replaced too.
 *
 * <p>Loading reads and checks every file before anything is copied, so a corrupt, truncated or
 * mismatched checkpoint throws a {@link CheckpointException} and leaves the model as it was. Values
 * go through host arrays, so a checkpoint saved on one backend loads on any other, bit for bit.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("runs/mnist/epoch-10"), model, optimizer, Map.of("epoch", "10"));
 *
 * // later, into the same architecture:
 * Checkpoint.load(Path.of("runs/mnist/epoch-10"), model, optimizer);
 *
 * // or rebuilt from model.json through the registry of layer factories:
 * Map<String, LayerFactory> layers = Registries.layerFactories(injector); // or a plain Map.of(...)
 * Layer restored = Checkpoint.loadModel(Path.of("runs/mnist/epoch-10"), backend, layers);
 * }</pre>
 */
public final class Checkpoint {

  /** The parameters and buffers. */
  public static final String MODEL_WEIGHTS = "model.safetensors";

  /** The architecture. */
  public static final String MODEL_JSON = "model.json";

  /** The optimizer's state tensors. */
  public static final String OPTIMIZER_STATE = "optimizer.safetensors";

  /** The optimizer's class, steps and group hyper-parameters. */
  public static final String OPTIMIZER_JSON = "optimizer.json";

  /** The epoch and the callbacks' state of the run that saved the checkpoint. */
  public static final String TRAINING_JSON = "training.json";

  private Checkpoint() {}

  /** Saves the model alone. */
  public static void save(Path directory, Layer model) throws IOException {
    save(directory, model, null, Map.of());
  }

  /** Saves the model and, when not {@code null}, the optimizer. */
  public static void save(Path directory, Layer model, Optimizer optimizer) throws IOException {
    save(directory, model, optimizer, Map.of());
  }

  /**
   * Saves the model and, when not {@code null}, the optimizer; {@code metadata} goes into the
   * {@code __metadata__} of {@code model.safetensors}.
   */
  public static void save(
      Path directory, Layer model, Optimizer optimizer, Map<String, String> metadata)
      throws IOException {
    save(directory, model, optimizer, metadata, null);
  }

  /**
   * Saves the model, the optimizer when not {@code null}, and, when {@code training} is not {@code
   * null}, where the run stood ({@code training.json}).
   */
  public static void save(
      Path directory,
      Layer model,
      Optimizer optimizer,
      Map<String, String> metadata,
      TrainingState training)
      throws IOException {
    Objects.requireNonNull(model, "model");
    String trainingJson = training == null ? null : JSON.std.asString(training.toJson());
    Objects.requireNonNull(metadata, "metadata");
    // everything is downloaded before the first byte is written
    Map<String, HostTensor> weights = download(namedTensors(model));
    String architecture =
        JSON.std.asString(linked("type", model.typeName(), "config", model.config()));
    Map<String, HostTensor> optimizerState;
    String optimizerJson;
    if (optimizer != null) {
      Map<String, Tensor> state = optimizer.state();
      try {
        optimizerState = download(state);
      } finally {
        state.values().forEach(Tensor::close);
      }
      optimizerJson = JSON.std.asString(OptimizerJson.describe(optimizer));
    } else {
      optimizerState = null;
      optimizerJson = null;
    }
    CheckpointDirectory.replace(
        directory,
        staging -> {
          SafeTensors.write(staging.resolve(MODEL_WEIGHTS), weights, metadata);
          AtomicFiles.writeString(staging.resolve(MODEL_JSON), architecture);
          if (optimizerState != null) {
            SafeTensors.write(staging.resolve(OPTIMIZER_STATE), optimizerState, Map.of());
            AtomicFiles.writeString(staging.resolve(OPTIMIZER_JSON), optimizerJson);
          }
          if (trainingJson != null) {
            AtomicFiles.writeString(staging.resolve(TRAINING_JSON), trainingJson);
          }
        });
  }

  /** Loads the weights into {@code model}, whose parameters and buffers must match the file's. */
  public static void load(Path directory, Layer model) throws IOException {
    load(directory, model, null);
  }

  /**
   * Loads the weights into {@code model} and, when not {@code null}, the optimizer state and group
   * hyper-parameters into {@code optimizer}. Every file is read and checked first; the optimizer's
   * {@link Optimizer#loadState} checks its own entries before the model is touched.
   */
  public static void load(Path directory, Layer model, Optimizer optimizer) throws IOException {
    Path dir = CheckpointDirectory.resolve(directory);
    Map<String, Tensor> targets = namedTensors(model);
    Map<String, HostTensor> weights = readWeights(dir, targets);
    if (optimizer != null) {
      OptimizerJson.restore(dir, optimizer, backendOf(optimizer, targets));
    }
    copyInto(targets, weights);
  }

  /**
   * Rebuilds the model of {@code model.json} on {@code backend} through {@code registry} (type name
   * to factory) and loads its weights.
   */
  public static Layer loadModel(Path directory, Backend backend, Map<String, LayerFactory> registry)
      throws IOException {
    Path dir = CheckpointDirectory.resolve(directory);
    Path file = dir.resolve(MODEL_JSON);
    Map<String, Object> json = readJson(file);
    if (!(json.get("type") instanceof String type) || !(json.get("config") instanceof Map<?, ?>)) {
      throw new CheckpointException(
          file + ": expected {\"type\": string, \"config\": object}, got keys " + json.keySet());
    }
    LayerFactory factory = registry.get(type);
    if (factory == null) {
      throw new CheckpointException(
          file
              + ": no layer factory registered for type '"
              + type
              + "' (registered: "
              + new TreeSet<>(registry.keySet())
              + "); add the module that provides it");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) json.get("config");
    Layer model;
    try {
      model = factory.create(backend, config, registry);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    }
    try {
      load(dir, model, null);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /**
   * Where the run that saved the checkpoint stood, or empty when it saved none ({@link #save(Path,
   * Layer, Optimizer, Map, TrainingState)} without one).
   */
  public static Optional<TrainingState> trainingState(Path directory) throws IOException {
    Path file = CheckpointDirectory.resolve(directory).resolve(TRAINING_JSON);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(TrainingState.fromJson(file, readJson(file)));
  }

  /** The {@code __metadata__} of the checkpoint's {@code model.safetensors}. */
  public static Map<String, String> metadata(Path directory) throws IOException {
    return SafeTensors.read(CheckpointDirectory.resolve(directory).resolve(MODEL_WEIGHTS))
        .metadata();
  }

  /** A model's parameters and then its buffers, by name; a name used by both is an error. */
  static Map<String, Tensor> namedTensors(Layer model) {
    Map<String, Tensor> named = new LinkedHashMap<>(model.parameters());
    for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
      if (named.putIfAbsent(e.getKey(), e.getValue()) != null) {
        throw new IllegalArgumentException(
            "checkpoint: '" + e.getKey() + "' names both a parameter and a buffer of the model");
      }
    }
    return named;
  }

  static Map<String, HostTensor> download(Map<String, Tensor> tensors) {
    Map<String, HostTensor> host = new LinkedHashMap<>();
    tensors.forEach((name, t) -> host.put(name, new HostTensor(t.shape(), t.toArray())));
    return host;
  }

  /** Reads the model's weights and checks them against {@code targets}: same names and shapes. */
  private static Map<String, HostTensor> readWeights(Path dir, Map<String, Tensor> targets)
      throws IOException {
    Path file = dir.resolve(MODEL_WEIGHTS);
    Map<String, HostTensor> weights = SafeTensors.read(file).tensors();
    checkMatches(file, weights, targets, "the model");
    return weights;
  }

  /** Same names and shapes in the file as in {@code targets}. */
  static void checkMatches(
      Path file, Map<String, HostTensor> found, Map<String, Tensor> targets, String what)
      throws CheckpointException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : targets.entrySet()) {
      HostTensor h = found.get(e.getKey());
      if (h == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(h.shape(), e.getValue().shape())) {
        throw new CheckpointException(
            file
                + ": tensor '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(h.shape())
                + " but "
                + what
                + " expects "
                + Arrays.toString(e.getValue().shape()));
      }
    }
    if (!missing.isEmpty()) {
      throw new CheckpointException(
          file + ": missing tensors " + missing + " that " + what + " has");
    }
    List<String> unexpected = new ArrayList<>(found.keySet());
    unexpected.removeAll(targets.keySet());
    if (!unexpected.isEmpty()) {
      throw new CheckpointException(
          file + ": unexpected tensors " + unexpected + " that " + what + " does not have");
    }
  }

  /** Uploads each host array to its target's backend and copies it in place. */
  private static void copyInto(Map<String, Tensor> targets, Map<String, HostTensor> values) {
    try (NoGrad ignored = Autograd.noGrad();
        TensorScope scope = TensorScope.open()) {
      for (Map.Entry<String, Tensor> e : targets.entrySet()) {
        Tensor target = e.getValue();
        HostTensor value = values.get(e.getKey());
        target.copyFrom(Tensor.of(target.backend(), value.data(), value.shape()));
      }
    }
  }

  private static Backend backendOf(Optimizer optimizer, Map<String, Tensor> modelTensors) {
    for (var group : optimizer.groups()) {
      for (Tensor p : group.parameters().values()) {
        return p.backend();
      }
    }
    for (Tensor t : modelTensors.values()) {
      return t.backend();
    }
    return null;
  }

  static Map<String, Object> readJson(Path file) throws CheckpointException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read: " + e, e);
    }
    try {
      return SafeTensorsHeader.JSON_STRICT.mapFrom(text);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(file + ": not a valid JSON object: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> linked(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
