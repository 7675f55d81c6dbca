package dev.stratum.checkpoint;

import dev.stratum.callback.Callback;
import dev.stratum.callback.StatefulCallback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a training run stood when a checkpoint was saved, kept in the checkpoint's {@code
 * training.json}: the last finished epoch and the state of every {@link StatefulCallback} of the
 * run (reduce-on-plateau counters, a best-model checkpoint's best value), in the run's order. The
 * optimizer's step count, which keys per-step schedules, is in {@code optimizer.json}; with the
 * epoch, which keys per-epoch schedules, a resumed run continues every schedule exactly.
 *
 * <p>In the JSON file infinities and NaN are written as the strings {@code "Infinity"}, {@code
 * "-Infinity"} and {@code "NaN"}; every other value is a JSON number that reads back to the same
 * double.
 *
 * @param epoch the last finished epoch, counted from 1
 * @param callbacks each stateful callback's class and state, in the order of the run
 */
public record TrainingState(int epoch, List<CallbackState> callbacks) {

  /** One stateful callback: its class name and what {@link StatefulCallback#callbackState} said. */
  public record CallbackState(String type, Map<String, Double> state) {
    public CallbackState {
      Objects.requireNonNull(type, "type");
      state = Map.copyOf(state);
    }
  }

  public TrainingState {
    if (epoch < 0) {
      throw new IllegalArgumentException("training state: epoch must be >= 0, got " + epoch);
    }
    callbacks = List.copyOf(callbacks);
  }

  /** The state of {@code callbacks} (the stateful ones) after {@code epoch}. */
  public static TrainingState of(int epoch, List<? extends Callback> callbacks) {
    List<CallbackState> states = new ArrayList<>();
    for (Callback c : callbacks) {
      if (c instanceof StatefulCallback stateful) {
        states.add(new CallbackState(c.getClass().getName(), stateful.callbackState()));
      }
    }
    return new TrainingState(epoch, states);
  }

  /**
   * Loads the saved states into the stateful ones among {@code callbacks}, which must be of the
   * same classes in the same order.
   *
   * @throws IllegalArgumentException naming both lists when they differ
   */
  public void restoreInto(List<? extends Callback> callbacks) {
    List<StatefulCallback> stateful = new ArrayList<>();
    for (Callback c : callbacks) {
      if (c instanceof StatefulCallback s) {
        stateful.add(s);
      }
    }
    List<String> saved = this.callbacks.stream().map(CallbackState::type).toList();
    List<String> given = stateful.stream().map(c -> c.getClass().getName()).toList();
    if (!saved.equals(given)) {
      throw new IllegalArgumentException(
          "resume: the checkpoint holds the state of the stateful callbacks "
              + saved
              + " but this run has "
              + given
              + "; pass the same stateful callbacks in the same order");
    }
    for (int i = 0; i < stateful.size(); i++) {
      stateful.get(i).loadCallbackState(this.callbacks.get(i).state());
    }
  }

  Map<String, Object> toJson() {
    List<Object> list = new ArrayList<>();
    for (CallbackState c : callbacks) {
      Map<String, Object> values = new LinkedHashMap<>();
      new java.util.TreeMap<>(c.state()).forEach((k, v) -> values.put(k, encode(v)));
      list.add(Checkpoint.linked("type", c.type(), "state", values));
    }
    return Checkpoint.linked("epoch", epoch, "callbacks", list);
  }

  static TrainingState fromJson(Path file, Map<String, Object> json) throws CheckpointException {
    if (!(json.get("epoch") instanceof Number epoch)
        || epoch.doubleValue() != Math.rint(epoch.doubleValue())
        || epoch.doubleValue() < 0
        || epoch.doubleValue() > Integer.MAX_VALUE) {
      throw new CheckpointException(
          file + ": 'epoch' must be a whole number >= 0, got " + json.get("epoch"));
    }
    if (!(json.get("callbacks") instanceof List<?> list)) {
      throw new CheckpointException(
          file + ": 'callbacks' must be a list, got " + json.get("callbacks"));
    }
    List<CallbackState> states = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> entry)
          || !(entry.get("type") instanceof String type)
          || !(entry.get("state") instanceof Map<?, ?> values)) {
        throw new CheckpointException(
            file + ": callback " + i + " must be {\"type\": string, \"state\": object}");
      }
      Map<String, Double> state = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : values.entrySet()) {
        state.put(String.valueOf(e.getKey()), decode(file, type, e.getKey(), e.getValue()));
      }
      states.add(new CallbackState(type, state));
    }
    return new TrainingState(epoch.intValue(), states);
  }

  private static Object encode(double value) {
    return Double.isFinite(value) ? (Object) value : Double.toString(value);
  }

  private static double decode(Path file, String type, Object key, Object value)
      throws CheckpointException {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s
        && (s.equals("Infinity") || s.equals("-Infinity") || s.equals("NaN"))) {
      return Double.parseDouble(s);
    }
    throw new CheckpointException(
        file + ": state '" + key + "' of " + type + " must be a number, got " + value);
  }
}
