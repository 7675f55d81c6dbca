package dev.stratum.optimizers;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import dev.stratum.optim.Optimizer;
import dev.stratum.optim.ParameterGroup;
import dev.stratum.tensor.Autograd;
import dev.stratum.tensor.NoGrad;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The common part of every optimizer here: the loop over groups and parameters, weight decay (L2 or
 * decoupled, see {@link WeightDecay}), lazily allocated per-parameter state, step counts and the
 * checkpoint form of the state.
 *
 * <p>A subclass names its state slots (for Adam {@code "m"} and {@code "v"}) and writes {@link
 * #update} with tensor operations and in-place updates. {@link #step()} runs without recording a
 * graph and frees each update's temporaries at once.
 *
 * <p>Every optimizer has a {@link Builder} with named options ({@code
 * Adam.builder().parameters(model.parameters()).lr(1e-3).betas(0.9, 0.999).build()}) that share
 * {@link Builder#lr}, {@link Builder#weightDecay}, {@link Builder#weightDecayMode} and {@link
 * Builder#maximize}. With {@code maximize} the optimizer ascends the objective, as PyTorch's {@code
 * maximize=True}: the gradient is negated before weight decay and the update rule see it.
 *
 * <p>State for checkpoints ({@link #state()}): {@code "<slot>.<parameter>"} for every slot of every
 * parameter that has taken a step, {@code "step.<parameter>"} (the parameter's own step count,
 * which drives bias corrections, so a parameter that missed steps for want of a gradient is
 * corrected for the steps it took) and {@code "iterations"}. Counts are one-element float tensors,
 * exact up to 2<sup>24</sup> steps.
 */
public abstract class AbstractOptimizer implements Optimizer {

  private static final String STEP = "step";
  private static final String ITERATIONS = "iterations";
  private static final double MAX_EXACT_COUNT = 1 << 24;

  private final List<ParameterGroup> groups;
  private final WeightDecay weightDecay;
  private final List<String> slots;
  private final boolean maximize;
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, ParameterState> states = new LinkedHashMap<>();
  private long iterations;

  /** A parameter's state: its slots (allocated on its first step) and how many steps it took. */
  private static final class ParameterState {
    final Map<String, Tensor> slots = new LinkedHashMap<>();
    long step;
  }

  /**
   * One parameter's update, as {@link #update} sees it: the gradient already includes L2 weight
   * decay, and decoupled decay has already been applied to the parameter.
   *
   * @param name the parameter's name
   * @param parameter the parameter, to update in place
   * @param gradient its gradient (do not modify)
   * @param learningRate the group's current learning rate
   * @param step this parameter's step count, 1 on its first step
   * @param slots its state tensors by slot name, to update in place
   */
  protected record Update(
      String name,
      Tensor parameter,
      Tensor gradient,
      double learningRate,
      long step,
      Map<String, Tensor> slots) {

    /** The state tensor of {@code slot}. */
    public Tensor state(String slot) {
      Tensor t = slots.get(slot);
      if (t == null) {
        throw new IllegalStateException("no state slot '" + slot + "'; slots: " + slots.keySet());
      }
      return t;
    }
  }

  /**
   * @param groups the parameter groups (names unique across groups; at least one parameter)
   * @param weightDecay how the groups' weight decay is applied
   * @param slots the names of the per-parameter state tensors, each shaped like its parameter
   */
  protected AbstractOptimizer(
      List<ParameterGroup> groups, WeightDecay weightDecay, List<String> slots) {
    this(groups, weightDecay, slots, false);
  }

  /**
   * @param groups the parameter groups (names unique across groups; at least one parameter)
   * @param weightDecay how the groups' weight decay is applied
   * @param slots the names of the per-parameter state tensors, each shaped like its parameter
   * @param maximize ascend the objective instead of descending it (the gradient is negated first)
   */
  protected AbstractOptimizer(
      List<ParameterGroup> groups, WeightDecay weightDecay, List<String> slots, boolean maximize) {
    Objects.requireNonNull(groups, "groups");
    this.maximize = maximize;
    this.weightDecay = Objects.requireNonNull(weightDecay, "weightDecay");
    this.groups = List.copyOf(groups);
    this.slots = List.copyOf(slots);
    for (ParameterGroup group : this.groups) {
      group
          .parameters()
          .forEach(
              (name, tensor) -> {
                if (parameters.put(name, Objects.requireNonNull(tensor, name)) != null) {
                  throw new IllegalArgumentException(
                      kind() + ": parameter name '" + name + "' appears in more than one group");
                }
              });
    }
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException(kind() + ": got no parameters to optimize");
    }
    if (this.slots.contains(STEP)) {
      throw new IllegalArgumentException("'" + STEP + "' is reserved and cannot name a slot");
    }
  }

  /** A single group over {@code parameters} with this learning rate and no weight decay. */
  protected static List<ParameterGroup> oneGroup(Map<String, Tensor> parameters, double lr) {
    return List.of(new ParameterGroup(parameters, lr, 0));
  }

  /** Applies the update rule to one parameter that has a gradient. */
  protected abstract void update(Update update);

  /** The value a slot starts at (zero unless a subclass says otherwise). */
  protected float initialState(String slot) {
    return 0f;
  }

  /** The name used in messages (the class's simple name). */
  protected String kind() {
    return getClass().getSimpleName();
  }

  /** How weight decay is applied. */
  public WeightDecay weightDecayMode() {
    return weightDecay;
  }

  /** Whether this optimizer ascends the objective (PyTorch's {@code maximize}). */
  public boolean maximize() {
    return maximize;
  }

  @Override
  public final void step() {
    try (NoGrad ignored = Autograd.noGrad()) {
      for (ParameterGroup group : groups) {
        double lr = group.learningRate();
        double decay = group.weightDecay();
        for (Map.Entry<String, Tensor> entry : group.parameters().entrySet()) {
          Tensor parameter = entry.getValue();
          Tensor grad = parameter.grad();
          if (grad == null) {
            continue;
          }
          ParameterState state = stateOf(entry.getKey(), parameter);
          state.step++;
          try (TensorScope scope = TensorScope.open()) {
            if (maximize) {
              grad = grad.neg();
            }
            if (decay != 0 && weightDecay == WeightDecay.L2) {
              grad = grad.add(parameter.mul((float) decay));
            } else if (decay != 0) {
              parameter.mulInPlace((float) (1 - lr * decay));
            }
            update(new Update(entry.getKey(), parameter, grad, lr, state.step, state.slots));
          }
        }
      }
    }
    iterations++;
  }

  private ParameterState stateOf(String name, Tensor parameter) {
    ParameterState state = states.get(name);
    if (state == null) {
      state = new ParameterState();
      for (String slot : slots) {
        Tensor t = Tensor.full(parameter.backend(), initialState(slot), parameter.shape());
        state.slots.put(slot, TensorScope.unscoped(t));
      }
      states.put(name, state);
    }
    return state;
  }

  @Override
  public List<ParameterGroup> groups() {
    return groups;
  }

  @Override
  public long iterations() {
    return iterations;
  }

  @Override
  public Map<String, Tensor> state() {
    Backend backend = parameters.values().iterator().next().backend();
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put(ITERATIONS, count(backend, ITERATIONS, iterations));
    try (NoGrad ignored = Autograd.noGrad()) {
      states.forEach(
          (name, state) -> {
            state.slots.forEach(
                (slot, tensor) ->
                    out.put(slot + "." + name, copyOf(tensor, tensor.backend(), false)));
            out.put(STEP + "." + name, count(backend, STEP + "." + name, state.step));
          });
    }
    return out;
  }

  private Tensor count(Backend backend, String key, long value) {
    if (value > MAX_EXACT_COUNT) {
      throw new IllegalStateException(
          kind()
              + ": "
              + key
              + " = "
              + value
              + " cannot be stored exactly in a float32 checkpoint entry (limit 2^24)");
    }
    return Tensor.of(backend == null ? Backends.get() : backend, new float[] {value}, 1);
  }

  @Override
  public void loadState(Map<String, Tensor> state) {
    Objects.requireNonNull(state, "state");
    long loadedIterations = readCount(state, ITERATIONS);
    Map<String, Map<String, Tensor>> byParameter = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> entry : state.entrySet()) {
      String key = entry.getKey();
      if (key.equals(ITERATIONS)) {
        continue;
      }
      int dot = key.indexOf('.');
      String slot = dot < 0 ? key : key.substring(0, dot);
      String name = dot < 0 ? "" : key.substring(dot + 1);
      Tensor parameter = parameters.get(name);
      if (parameter == null || !(slot.equals(STEP) || slots.contains(slot))) {
        throw new IllegalArgumentException(
            kind()
                + ".loadState: unknown entry '"
                + key
                + "' (entries are 'iterations' and '<slot>.<parameter>' with slots "
                + allSlots()
                + " and parameters "
                + parameters.keySet()
                + ")");
      }
      if (!slot.equals(STEP) && !Arrays.equals(entry.getValue().shape(), parameter.shape())) {
        throw new IllegalArgumentException(
            kind()
                + ".loadState: entry '"
                + key
                + "' has shape "
                + Arrays.toString(entry.getValue().shape())
                + " but parameter '"
                + name
                + "' has shape "
                + Arrays.toString(parameter.shape()));
      }
      byParameter.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(slot, entry.getValue());
    }
    for (Map.Entry<String, Map<String, Tensor>> entry : byParameter.entrySet()) {
      for (String slot : allSlots()) {
        if (!entry.getValue().containsKey(slot)) {
          throw new IllegalArgumentException(
              kind()
                  + ".loadState: missing entry '"
                  + slot
                  + "."
                  + entry.getKey()
                  + "' (the state has other entries for parameter '"
                  + entry.getKey()
                  + "')");
        }
      }
    }
    // everything checked: replace
    close();
    try (NoGrad ignored = Autograd.noGrad()) {
      byParameter.forEach(
          (name, entries) -> {
            Tensor parameter = parameters.get(name);
            ParameterState loaded = new ParameterState();
            for (String slot : slots) {
              loaded.slots.put(slot, copyOf(entries.get(slot), parameter.backend(), true));
            }
            loaded.step = readCount(entries, STEP, STEP + "." + name);
            states.put(name, loaded);
          });
    }
    iterations = loadedIterations;
    stateLoaded();
  }

  /** Called after {@link #loadState}, for subclasses that cache values derived from step counts. */
  protected void stateLoaded() {}

  private List<String> allSlots() {
    List<String> all = new ArrayList<>(slots);
    all.add(STEP);
    return all;
  }

  private long readCount(Map<String, Tensor> state, String key) {
    return readCount(state, key, key);
  }

  private long readCount(Map<String, Tensor> entries, String key, String label) {
    Tensor t = entries.get(key);
    if (t == null) {
      throw new IllegalArgumentException(kind() + ".loadState: missing entry '" + label + "'");
    }
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          kind()
              + ".loadState: entry '"
              + label
              + "' must hold one number, got shape "
              + Arrays.toString(t.shape()));
    }
    float value = t.item();
    if (!(value >= 0) || value != Math.rint(value) || value > MAX_EXACT_COUNT) {
      throw new IllegalArgumentException(
          kind() + ".loadState: entry '" + label + "' must be a whole count >= 0, got " + value);
    }
    return (long) value;
  }

  private static Tensor copyOf(Tensor source, Backend backend, boolean unscoped) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor onBackend = source.backend() == backend ? source : source.to(backend);
      Tensor copy = Tensor.zeros(backend, source.shape());
      copy.copyFrom(onBackend);
      return unscoped ? TensorScope.unscoped(copy) : scope.keep(copy);
    }
  }

  /** Frees the state tensors; the optimizer can go on, starting from fresh state. */
  @Override
  public void close() {
    for (ParameterState state : states.values()) {
      state.slots.values().forEach(Tensor::close);
    }
    states.clear();
  }

  /**
   * The options every optimizer's builder shares. Give the parameters either as one map ({@link
   * #parameters}, with {@link #lr} and {@link #weightDecay} for the single group) or as {@link
   * #groups} that carry their own rates and decays.
   *
   * @param <B> the concrete builder, returned by every setter
   * @param <O> the optimizer it builds
   */
  public abstract static class Builder<B extends Builder<B, O>, O extends Optimizer> {
    private final String kind;
    private Map<String, Tensor> parameters;
    private List<ParameterGroup> groups;
    private double lr;
    private boolean lrSet;
    private double weightDecay;
    private boolean weightDecaySet;
    private WeightDecay weightDecayMode;
    private boolean maximize;

    /**
     * @param kind the optimizer's name, for messages
     * @param defaultLr the learning rate when none is set; NaN when one is required
     * @param defaultWeightDecay the weight decay when none is set
     * @param defaultMode how weight decay is applied when no mode is set
     */
    protected Builder(
        String kind, double defaultLr, double defaultWeightDecay, WeightDecay defaultMode) {
      this.kind = kind;
      this.lr = defaultLr;
      this.weightDecay = defaultWeightDecay;
      this.weightDecayMode = defaultMode;
    }

    /** This builder, typed. */
    @SuppressWarnings("unchecked")
    protected final B self() {
      return (B) this;
    }

    /** The optimizer's name, for messages. */
    protected final String kind() {
      return kind;
    }

    /** The parameters to optimize, by name, in one group. */
    public B parameters(Map<String, Tensor> parameters) {
      this.parameters = Objects.requireNonNull(parameters, "parameters");
      return self();
    }

    /** Parameter groups with their own learning rates and weight decays, instead of one map. */
    public B groups(List<ParameterGroup> groups) {
      this.groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
      return self();
    }

    /** The learning rate {@code η} of the single group (PyTorch's {@code lr}). */
    public B lr(double lr) {
      this.lr = lr;
      this.lrSet = true;
      return self();
    }

    /** The weight decay {@code λ} of the single group (PyTorch's {@code weight_decay}). */
    public B weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      this.weightDecaySet = true;
      return self();
    }

    /** How weight decay is applied: {@link WeightDecay#L2} or {@link WeightDecay#DECOUPLED}. */
    public B weightDecayMode(WeightDecay mode) {
      this.weightDecayMode = Objects.requireNonNull(mode, "mode");
      return self();
    }

    /**
     * Ascend the objective instead of descending it (PyTorch's {@code maximize}; default false).
     */
    public B maximize(boolean maximize) {
      this.maximize = maximize;
      return self();
    }

    /** The optimizer. */
    public abstract O build();

    /**
     * The groups: those given, or one over {@link #parameters} with the builder's rate and decay.
     */
    protected final List<ParameterGroup> resolvedGroups() {
      if (groups != null) {
        if (parameters != null) {
          throw new IllegalArgumentException(
              kind + ": give either parameters(...) or groups(...), not both");
        }
        if (lrSet || weightDecaySet) {
          throw new IllegalArgumentException(
              kind
                  + ": with groups(...) each ParameterGroup carries its learning rate and weight"
                  + " decay; do not also set lr(...) or weightDecay(...)");
        }
        return groups;
      }
      if (parameters == null) {
        throw new IllegalArgumentException(
            kind + ": no parameters given; call parameters(model.parameters()) or groups(...)");
      }
      if (Double.isNaN(lr)) {
        throw new IllegalArgumentException(kind + ": lr(...) is required (it has no default)");
      }
      return List.of(new ParameterGroup(parameters, lr, weightDecay));
    }

    /** How weight decay is applied. */
    protected final WeightDecay resolvedWeightDecayMode() {
      return weightDecayMode;
    }

    /** Whether to ascend. */
    protected final boolean resolvedMaximize() {
      return maximize;
    }
  }
}
