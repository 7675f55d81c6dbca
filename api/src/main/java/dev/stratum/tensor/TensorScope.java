package dev.stratum.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Frees, deterministically, every tensor created inside it. Scopes nest per thread; a tensor
 * belongs to the innermost scope open on the thread that created it. {@link #keep} hands a tensor
 * to the enclosing scope (or to nobody, at the outermost level) so that it outlives this one.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *   try (TensorScope scope = TensorScope.open()) {
 *     Tensor loss = model.forward(x).sub(y).square().mean();
 *     loss.backward();
 *     optimizer.step();
 *   } // every intermediate of this step is freed here
 * }
 * }</pre>
 *
 * <p>Device memory never waits for the garbage collector when scopes (or {@link Tensor#close()})
 * are used; a {@link java.lang.ref.Cleaner} only catches what escapes both.
 */
public final class TensorScope implements AutoCloseable {

  private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

  /**
   * The emptied list of the scope this thread closed last, for the next scope it opens: a training
   * step's scope collects thousands of tensors, and growing a fresh list to that size every step
   * took 1.6% of an LSTM workload's samples (JFR, {@code ArrayList.grow} under {@link #register}).
   * The outermost scope of a step closes last, so its list, the longest, is the one handed on.
   */
  private static final ThreadLocal<List<Tensor>> SPARE = new ThreadLocal<>();

  private final TensorScope parent;
  private final Thread thread;
  private final List<Tensor> owned;
  private boolean closed;

  private TensorScope(TensorScope parent) {
    this.parent = parent;
    this.thread = Thread.currentThread();
    List<Tensor> spare = SPARE.get();
    if (spare != null) {
      SPARE.set(null);
      this.owned = spare;
    } else {
      this.owned = new ArrayList<>();
    }
  }

  /** Opens a scope on this thread, nested in the current one if any. */
  public static TensorScope open() {
    TensorScope scope = new TensorScope(CURRENT.get());
    CURRENT.set(scope);
    return scope;
  }

  /**
   * Runs a composite op ({@code gelu}, a layer's forward pass) and returns its result; when nothing
   * is being recorded, every other tensor the op created is freed before this returns. While
   * recording, the graph's gradient rules may still read those intermediates, so they are left to
   * the enclosing scope, as a primitive's output would be.
   *
   * <pre>{@code
   * Tensor cubePlusOne = TensorScope.composite(() -> x.square().mul(x).add(1f)); // x² and x³ freed
   * }</pre>
   *
   * <p>Only tensors created while the op runs are freed: not its inputs, and not what it takes out
   * of every scope ({@link #unscoped}), such as a cache or a parameter. The cost is one
   * thread-local read while recording, and one scope (an object and a small list) otherwise.
   */
  public static Tensor composite(Supplier<Tensor> op) {
    if (Autograd.isRecording()) {
      return op.get();
    }
    try (TensorScope scope = open()) {
      return scope.keep(op.get());
    }
  }

  /** The innermost open scope of this thread, or {@code null}. */
  static TensorScope current() {
    return CURRENT.get();
  }

  /** Makes {@code tensor} outlive this scope: it moves to the enclosing scope, or to none. */
  public Tensor keep(Tensor tensor) {
    if (tensor.owner == this) {
      tensor.owner = parent;
      if (parent != null) {
        parent.owned.add(tensor);
      }
    }
    return tensor;
  }

  /**
   * Takes {@code tensor} out of every scope, so that it lives until it is closed explicitly: for
   * long-lived state such as layer parameters, buffers and optimizer state, which their owner
   * closes. Returns the tensor.
   */
  public static Tensor unscoped(Tensor tensor) {
    disown(tensor);
    return tensor;
  }

  /** Number of tensors this scope will close. */
  public int size() {
    int n = 0;
    for (Tensor t : owned) {
      if (t.owner == this && !t.isClosed()) {
        n++;
      }
    }
    return n;
  }

  static void register(Tensor tensor) {
    TensorScope scope = CURRENT.get();
    tensor.owner = scope;
    if (scope != null) {
      scope.owned.add(tensor);
    }
  }

  /** Takes a tensor out of every scope: the caller now owns it. */
  static void disown(Tensor tensor) {
    tensor.owner = null;
  }

  /** Puts an unowned tensor into the current scope, as if it had been created there. */
  static void adopt(Tensor tensor) {
    if (tensor.owner == null) {
      register(tensor);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "a TensorScope must be closed by the thread that opened it (" + thread.getName() + ")");
    }
    if (CURRENT.get() != this) {
      throw new IllegalStateException(
          "TensorScopes must be closed innermost first: an inner scope is still open");
    }
    closed = true;
    CURRENT.set(parent);
    for (int i = owned.size() - 1; i >= 0; i--) {
      Tensor t = owned.get(i);
      if (t.owner == this) {
        t.owner = null;
        t.close();
      }
    }
    owned.clear();
    SPARE.set(owned);
  }
}
