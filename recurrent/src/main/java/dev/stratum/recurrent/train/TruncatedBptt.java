package dev.stratum.recurrent.train;

import dev.stratum.callback.Callback;
import dev.stratum.callback.TrainingContext;
import dev.stratum.data.Batch;
import dev.stratum.nn.Loss;
import dev.stratum.optim.Optimizer;
import dev.stratum.recurrent.RecurrentOutput;
import dev.stratum.recurrent.SequenceModel;
import dev.stratum.tensor.Tensor;
import dev.stratum.tensor.TensorScope;
import dev.stratum.train.StepResult;
import dev.stratum.train.TrainingStep;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Truncated backpropagation through time, as a {@link TrainingStep} of the {@code Trainer}: each
 * batch of sequences {@code [batch, time, ...]} with per-step targets {@code [batch, time, ...]} is
 * cut into chunks of {@code k} steps (the last may be shorter); for each chunk the model runs from
 * the state the previous chunk ended in, the loss of the chunk's steps is back-propagated, and the
 * optimizer takes one step. The state crosses each chunk boundary <em>detached</em>: gradients flow
 * through at most {@code k} steps, and never into an earlier chunk.
 *
 * <p>The loss sees every step of a chunk as a sample: predictions {@code [batch, k, ...]} and
 * targets {@code [batch, k, ...]} are passed as {@code [batch·k, ...]}. The step reports {@code
 * "loss"}, the mean of the chunks' losses weighted by their lengths.
 *
 * <p>Stateful training ({@code stateful = true}) also carries the final state from one batch into
 * the next, for consecutive batches that continue each other's sequences (a text cut into {@code
 * batch} streams); the Trainer calls {@link #onEpochBegin} first among the callbacks, which resets
 * the state to zeros. A carried state meets a batch of another size with an {@link
 * IllegalArgumentException} (use equal batches, or drop the last one). With {@code k} at least the
 * sequence length and {@code stateful = false} this is ordinary BPTT, one update per batch.
 * Validation runs each batch whole from the zero state.
 */
public final class TruncatedBptt implements TrainingStep, Callback {

  private final SequenceModel model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final int chunk;
  private final boolean stateful;
  private List<Tensor> carried;

  /**
   * Truncated BPTT over chunks of {@code chunk} steps.
   *
   * @throws IllegalArgumentException if {@code chunk < 1}
   */
  public TruncatedBptt(
      SequenceModel model, Loss loss, Optimizer optimizer, int chunk, boolean stateful) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    if (chunk < 1) {
      throw new IllegalArgumentException(
          "TruncatedBptt: the truncation length must be at least 1 step, got " + chunk);
    }
    this.chunk = chunk;
    this.stateful = stateful;
  }

  /** The truncation length {@code k}. */
  public int chunk() {
    return chunk;
  }

  /** The state carried into the next batch ({@code null} before the first, or after a reset). */
  public List<Tensor> carriedState() {
    return carried;
  }

  /** Forgets the carried state: the next batch starts from zeros. */
  public void reset() {
    if (carried != null) {
      carried.forEach(Tensor::close);
      carried = null;
    }
  }

  @Override
  public void onEpochBegin(TrainingContext context, int epoch) {
    reset();
  }

  @Override
  public StepResult train(Batch batch) {
    Tensor x = batch.inputs();
    Tensor y = batch.targets();
    int time = checkSequences(x, y);
    List<Tensor> state = stateful ? checkCarried(batch.size()) : null;
    Tensor total = null;
    for (int start = 0; start < time; start += chunk) {
      int end = Math.min(time, start + chunk);
      Tensor xc = x.slice(1, start, end);
      Tensor yc = y.slice(1, start, end);
      RecurrentOutput out = model.forward(xc, state, null);
      Tensor value = chunkLoss(out.output(), yc);
      optimizer.zeroGrad();
      value.backward();
      optimizer.step();
      // NOTE: detached, so the next chunk's gradient stops at this boundary
      state = out.detachedState();
      Tensor weighted = value.detach().mul((float) (end - start) / time);
      total = total == null ? weighted : total.add(weighted);
    }
    if (stateful) {
      List<Tensor> next = state.stream().map(t -> TensorScope.unscoped(t.detach())).toList();
      reset();
      carried = next;
    }
    return StepResult.of(total.reshape());
  }

  @Override
  public StepResult evaluate(Batch batch) {
    checkSequences(batch.inputs(), batch.targets());
    RecurrentOutput out = model.forward(batch.inputs(), null, null);
    return StepResult.of(chunkLoss(out.output(), batch.targets()).reshape());
  }

  private Tensor chunkLoss(Tensor prediction, Tensor targets) {
    int[] p = prediction.shape();
    int[] t = targets.shape();
    int[] flatP = new int[p.length - 1];
    flatP[0] = p[0] * p[1];
    System.arraycopy(p, 2, flatP, 1, p.length - 2);
    int[] flatT = new int[t.length - 1];
    flatT[0] = t[0] * t[1];
    System.arraycopy(t, 2, flatT, 1, t.length - 2);
    Tensor value = loss.compute(prediction.reshape(flatP), targets.reshape(flatT));
    if (value.size() != 1) {
      throw new IllegalArgumentException(
          "TruncatedBptt: the loss must be one number, got shape "
              + Arrays.toString(value.shape())
              + " (use a MEAN or SUM reduction)");
    }
    return value;
  }

  private int checkSequences(Tensor x, Tensor y) {
    int[] xs = x.shape();
    int[] ys = y.shape();
    if (xs.length < 2 || ys.length < 2 || xs[1] != ys[1]) {
      throw new IllegalArgumentException(
          "TruncatedBptt: inputs "
              + Arrays.toString(xs)
              + " and targets "
              + Arrays.toString(ys)
              + " must be [batch, time, ...] with the same number of steps");
    }
    return xs[1];
  }

  private List<Tensor> checkCarried(int batch) {
    if (carried == null) {
      return null;
    }
    int carriedBatch = carried.get(0).dim(1);
    if (carriedBatch != batch) {
      throw new IllegalArgumentException(
          "TruncatedBptt: the state carried from the previous batch has "
              + carriedBatch
              + " rows but this batch has "
              + batch
              + " (shape "
              + Arrays.toString(carried.get(0).shape())
              + "); stateful training needs batches of one size: drop the last, partial batch,"
              + " or call reset()");
    }
    return carried;
  }

  @Override
  public String toString() {
    return "TruncatedBptt(k = " + chunk + (stateful ? ", stateful" : "") + ")";
  }
}
