package dev.stratum.nn;

import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A layer's parameters and buffers by name, as PyTorch's {@code state_dict()} and {@code
 * load_state_dict()}: the names are those of {@link Layer#parameters()} and {@link Layer#buffers()}
 * ({@code "0.weight"}, {@code "1.running_mean"}), which follow PyTorch's.
 *
 * <pre>{@code
 * StateDict.Report report = StateDict.load(model, tensors, StateDict.Options.strict());
 * StateDict.load(model, tensors, StateDict.Options.lenient().renaming(n -> n.replace("encoder.", "")));
 * Map<String, Tensor> exported = StateDict.export(model);
 * }</pre>
 *
 * <p>A {@linkplain Options#strict() strict} load (the default, as in PyTorch) checks everything
 * before it copies anything: a missing key, an unexpected key or a shape mismatch throws an {@link
 * IllegalArgumentException} that names each, and the model is left unchanged. A {@linkplain
 * Options#lenient() lenient} load copies what matches and reports the rest in its {@link Report}
 * (PyTorch's {@code strict=False} returns missing and unexpected keys, but still fails on a shape
 * mismatch; here a mismatch is reported and skipped). Values are copied into the layer's own
 * tensors, in place, from any backend; the source tensors stay the caller's. For safetensors files,
 * {@code dev.stratum.checkpoint.StateDictFiles} (in {@code stratum-training}) reads and writes them
 * straight through this class.
 */
public final class StateDict {

  private StateDict() {}

  /**
   * How a load treats keys that do not line up.
   *
   * @param isStrict whether any missing key, unexpected key or shape mismatch throws
   * @param renaming maps each source name to the layer's name for it ({@code "encoder.0.weight"} to
   *     {@code "0.weight"}); a {@code null} result drops the key (counted in {@link
   *     Report#dropped()}, never unexpected)
   */
  public record Options(boolean isStrict, UnaryOperator<String> renaming) {

    public Options {
      Objects.requireNonNull(renaming, "renaming");
    }

    /** Everything must line up; names are taken as they are. */
    public static Options strict() {
      return new Options(true, UnaryOperator.identity());
    }

    /** Copy what lines up and report the rest; names are taken as they are. */
    public static Options lenient() {
      return new Options(false, UnaryOperator.identity());
    }

    /** The same strictness with {@code renaming} applied to every source name. */
    public Options renaming(UnaryOperator<String> renaming) {
      return new Options(isStrict, renaming);
    }
  }

  /**
   * What a load did.
   *
   * @param loaded the layer's names that received a value, in the layer's order
   * @param missing the layer's names that no source key provided
   * @param unexpected the (renamed) source names the layer does not have
   * @param mismatched for each name present on both sides with different shapes, a sentence naming
   *     both shapes
   * @param dropped the source names the renaming mapped to {@code null}
   */
  public record Report(
      List<String> loaded,
      List<String> missing,
      List<String> unexpected,
      List<String> mismatched,
      List<String> dropped) {

    /** True when every key lined up. */
    public boolean complete() {
      return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    @Override
    public String toString() {
      return "loaded "
          + loaded.size()
          + "; missing "
          + missing
          + "; unexpected "
          + unexpected
          + "; shape mismatches "
          + mismatched
          + (dropped.isEmpty() ? "" : "; dropped by the renaming " + dropped);
    }
  }

  /** The layer's parameters, then its buffers, by name: the tensors themselves, not copies. */
  public static Map<String, Tensor> of(Layer layer) {
    Map<String, Tensor> all = new LinkedHashMap<>(layer.parameters());
    for (Map.Entry<String, Tensor> e : layer.buffers().entrySet()) {
      if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
        throw new IllegalStateException(
            "state dict: '" + e.getKey() + "' names both a parameter and a buffer");
      }
    }
    return Collections.unmodifiableMap(all);
  }

  /**
   * Copies of the layer's parameters and buffers, by name: tensors that belong to the caller (no
   * scope, no gradient), unaffected by later training.
   */
  public static Map<String, Tensor> export(Layer layer) {
    return export(layer, UnaryOperator.identity());
  }

  /** As {@link #export(Layer)}, each name passed through {@code renaming} (PyTorch's names out). */
  public static Map<String, Tensor> export(Layer layer, UnaryOperator<String> renaming) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NoGrad ignored = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : of(layer).entrySet()) {
        String name = renaming.apply(e.getKey());
        if (name == null) {
          continue;
        }
        Tensor source = e.getValue();
        Tensor copy =
            TensorScope.unscoped(Tensor.zeros(source.backend(), source.shape())).copyFrom(source);
        if (out.put(name, copy) != null) {
          throw new IllegalArgumentException(
              "export: the renaming maps two names to '" + name + "'");
        }
      }
    }
    return out;
  }

  /** A strict load of {@code source} into {@code layer}. */
  public static Report load(Layer layer, Map<String, Tensor> source) {
    return load(layer, source, Options.strict());
  }

  /**
   * Copies {@code source}'s values into the layer's parameters and buffers of the same (renamed)
   * names; see the class comment for strict and lenient loads.
   *
   * @throws IllegalArgumentException in a strict load, naming every missing and unexpected key and
   *     every shape mismatch; in any load, when the renaming maps two source names to one
   */
  public static Report load(Layer layer, Map<String, Tensor> source, Options options) {
    Map<String, Tensor> target = of(layer);
    Map<String, Tensor> renamed = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : source.entrySet()) {
      String name = options.renaming().apply(e.getKey());
      if (name == null) {
        dropped.add(e.getKey());
        continue;
      }
      String earlier = origin.put(name, e.getKey());
      if (earlier != null) {
        throw new IllegalArgumentException(
            "load: the renaming maps both '"
                + earlier
                + "' and '"
                + e.getKey()
                + "' to '"
                + name
                + "'");
      }
      renamed.put(name, Objects.requireNonNull(e.getValue(), "load: tensor '" + e.getKey() + "'"));
    }
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    List<String> loadable = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : target.entrySet()) {
      Tensor value = renamed.get(e.getKey());
      if (value == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(value.shape(), e.getValue().shape())) {
        String from = origin.get(e.getKey());
        mismatched.add(
            "'"
                + e.getKey()
                + "'"
                + (from.equals(e.getKey()) ? "" : " (from '" + from + "')")
                + ": the layer has "
                + Arrays.toString(e.getValue().shape())
                + ", the source "
                + Arrays.toString(value.shape()));
      } else {
        loadable.add(e.getKey());
      }
    }
    Set<String> unexpected = new LinkedHashSet<>(renamed.keySet());
    unexpected.removeAll(target.keySet());
    Report report =
        new Report(
            List.copyOf(loadable),
            List.copyOf(missing),
            List.copyOf(unexpected),
            List.copyOf(mismatched),
            List.copyOf(dropped));
    if (options.isStrict() && !report.complete()) {
      throw new IllegalArgumentException(
          "load (strict): nothing was loaded; missing keys "
              + missing
              + ", unexpected keys "
              + List.copyOf(unexpected)
              + ", shape mismatches "
              + mismatched
              + " (the layer's names: "
              + target.keySet()
              + ")");
    }
    try (TensorScope scope = TensorScope.open();
        NoGrad ignored = Autograd.noGrad()) {
      for (String name : loadable) {
        Tensor into = target.get(name);
        Tensor value = renamed.get(name);
        into.copyFrom(value.backend() == into.backend() ? value : value.to(into.backend()));
      }
    }
    return report;
  }
}
