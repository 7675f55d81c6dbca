package dev.stratum.checkpoint;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.nn.Layer;
import dev.stratum.nn.StateDict;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A layer's parameters and buffers by name in one safetensors file, without a checkpoint directory:
 * PyTorch's {@code model.load_state_dict(safetensors.torch.load_file(path))} and {@code
 * save_file(model.state_dict(), path)}. Loading goes through {@link StateDict#load}, so it is
 * strict or lenient and can rename keys:
 *
 * <pre>{@code
 * StateDictFiles.load(Path.of("encoder.safetensors"), model,
 *     StateDict.Options.strict().renaming(n -> n.startsWith("encoder.") ? n.substring(8) : null));
 * }</pre>
 *
 * <p>Only float32 ({@code F32}) tensors are read; another dtype is refused with a {@link
 * CheckpointException} naming it (convert with {@code tensor.float()} before saving in Python).
 */
public final class StateDictFiles {

  private StateDictFiles() {}

  /** A strict load of {@code file} into {@code layer}. */
  public static StateDict.Report load(Path file, Layer layer) throws IOException {
    return load(file, layer, StateDict.Options.strict());
  }

  /**
   * Reads {@code file} (checked whole first) and loads it into {@code layer} as {@link
   * StateDict#load} does.
   */
  public static StateDict.Report load(Path file, Layer layer, StateDict.Options options)
      throws IOException {
    Objects.requireNonNull(layer, "layer");
    SafeTensors.Contents contents = SafeTensors.read(file);
    Backend backend = backendOf(layer);
    try (TensorScope scope = TensorScope.open()) {
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, HostTensor> e : contents.tensors().entrySet()) {
        tensors.put(e.getKey(), Tensor.of(backend, e.getValue().data(), e.getValue().shape()));
      }
      return StateDict.load(layer, tensors, options);
    }
  }

  /** Writes the layer's parameters and buffers to {@code file} under their own names. */
  public static void save(Path file, Layer layer) throws IOException {
    save(file, layer, UnaryOperator.identity(), Map.of());
  }

  /**
   * Writes the layer's parameters and buffers to {@code file} (atomically), each name passed
   * through {@code renaming} ({@code null} leaves a tensor out), with {@code metadata} as the
   * file's {@code __metadata__}.
   */
  public static void save(
      Path file, Layer layer, UnaryOperator<String> renaming, Map<String, String> metadata)
      throws IOException {
    Map<String, HostTensor> host = new LinkedHashMap<>();
    Map<String, Tensor> exported = StateDict.export(layer, renaming);
    try {
      for (Map.Entry<String, Tensor> e : exported.entrySet()) {
        host.put(e.getKey(), new HostTensor(e.getValue().shape(), e.getValue().toArray()));
      }
    } finally {
      exported.values().forEach(Tensor::close);
    }
    SafeTensors.write(file, host, metadata);
  }

  private static Backend backendOf(Layer layer) {
    for (Tensor t : StateDict.of(layer).values()) {
      return t.backend();
    }
    return Backends.get();
  }
}
