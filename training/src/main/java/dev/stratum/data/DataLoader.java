package dev.stratum.data;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Backends;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts a {@link Dataset} into {@link Batch}es on a backend: consecutive slices of the epoch's
 * order, optionally shuffled with a seed, the last batch partial unless {@code dropLast}, prepared
 * ahead on a background thread.
 *
 * <pre>{@code
 * DataLoader train = DataLoader.builder(FashionMnist.train()).batchSize(64).shuffle(42).build();
 * for (int epoch = 0; epoch < 3; epoch++) {
 *   try (BatchIterator batches = train.iterator()) {
 *     while (batches.hasNext()) {
 *       try (Batch batch = batches.next()) {
 *         // forward, loss, backward, step
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p><b>Epochs and shuffling.</b> Each call to {@link #iterator()} is one epoch: the first is epoch
 * 0, then 1, 2, ... ({@link #epoch(long)} asks for a given one, e.g. when resuming). With a seed,
 * epoch {@code e} visits the samples in the order {@link Shuffle#permutation(long, long, int)
 * Shuffle.permutation(seed, e, size)} (a Philox-driven Fisher–Yates shuffle), so a run is
 * reproducible and every sample appears exactly once per epoch; without one, in index order.
 *
 * <p><b>Ownership.</b> Each batch belongs to the caller, who closes it. Prefetched batches are made
 * on the loader's thread and so belong to no {@link dev.stratum.tensor.TensorScope} of the
 * caller's.
 *
 * <p><b>Prefetching and threads.</b> With {@code prefetch(k)}, {@code k >= 1} (default 2), a daemon
 * platform thread gathers, transforms and uploads up to {@code k} batches ahead into a bounded
 * queue; with {@code prefetch(0)} batches are made on the calling thread. Uploading from that
 * thread is safe because a {@link Backend} may be called from several threads at once on different
 * storages, and the loader's thread only touches the storages it creates.
 *
 * <p><b>Bad values.</b> A batch with a NaN or infinite input or target throws an {@link
 * IllegalArgumentException} naming the sample's index in the data set (from the prefetch thread, as
 * the cause of that thread's failure), unless {@link Builder#allowNonFinite(boolean)} keeps them.
 *
 * <p><b>Stopping early.</b> The thread ends and its unused batches are freed when the iterator is
 * exhausted, when it is {@linkplain BatchIterator#close() closed} (use try-with-resources when a
 * loop may stop early), when {@link #close()} is called on the loader, or, as a safety net only,
 * when an abandoned iterator is garbage collected.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {

  private final Dataset dataset;
  private final int batchSize;
  private final Long seed;
  private final boolean dropLast;
  private final Backend backend;
  private final Transform inputTransform;
  private final Transform targetTransform;
  private final int prefetch;
  private final boolean allowNonFinite;
  private final AtomicLong nextEpoch = new AtomicLong();
  private final Set<BatchIterator.Pipeline> running = ConcurrentHashMap.newKeySet();

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.dropLast = b.dropLast;
    this.backend = b.backend != null ? b.backend : Backends.get();
    this.inputTransform = b.inputTransform;
    this.targetTransform = b.targetTransform;
    this.prefetch = b.prefetch;
    this.allowNonFinite = b.allowNonFinite;
  }

  /** A loader over {@code dataset} on {@code backend}, in index order, without transforms. */
  public DataLoader(Dataset dataset, int batchSize, Backend backend) {
    this(builder(dataset).batchSize(batchSize).backend(backend));
  }

  /** Starts configuring a loader over {@code dataset}. */
  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  /** The next epoch: the one {@link #iterator()} runs and then advances past. */
  @Override
  public BatchIterator iterator() {
    return epoch(nextEpoch.getAndIncrement());
  }

  /**
   * The batches of epoch {@code epoch}, without touching the epoch counter of {@link #iterator()}.
   */
  public BatchIterator epoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    int[] order =
        seed == null ? identity(dataset.size()) : Shuffle.permutation(seed, epoch, dataset.size());
    var assembler = new BatchAssembler(dataset, inputTransform, targetTransform, allowNonFinite);
    return new BatchIterator(
        order, batchSize, batchCount(), epoch, backend, assembler, prefetch, running);
  }

  /** The epoch {@link #iterator()} will run next. */
  public long nextEpoch() {
    return nextEpoch.get();
  }

  /** Sets the epoch {@link #iterator()} will run next (to resume a run). */
  public void setNextEpoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    nextEpoch.set(epoch);
  }

  /** Batches per epoch. */
  public int batchCount() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  public Dataset dataset() {
    return dataset;
  }

  public int batchSize() {
    return batchSize;
  }

  public Backend backend() {
    return backend;
  }

  /** Stops every iteration still running and frees the batches it had prepared. */
  @Override
  public void close() {
    for (BatchIterator.Pipeline pipeline : running) {
      pipeline.shutdown();
    }
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** Configures a {@link DataLoader}. */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = 32;
    private Long seed;
    private boolean dropLast;
    private Backend backend;
    private Transform inputTransform;
    private Transform targetTransform;
    private int prefetch = 2;
    private boolean allowNonFinite;

    private Builder(Dataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** Samples per batch (default 32). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Shuffles each epoch with this seed (default: no shuffling, index order). */
    public Builder shuffle(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether to drop a last batch smaller than the batch size (default false: keep it). */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** The backend batches are made on (default {@link Backends#get()}). */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** A transform applied to the inputs of each batch (default none). */
    public Builder inputTransform(Transform transform) {
      this.inputTransform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /** A transform applied to the targets of each batch (default none). */
    public Builder targetTransform(Transform transform) {
      this.targetTransform = Objects.requireNonNull(transform, "transform");
      return this;
    }

    /** Batches prepared ahead on a background thread (default 2; 0: on the calling thread). */
    public Builder prefetch(int batches) {
      if (batches < 0) {
        throw new IllegalArgumentException("prefetch must be >= 0 batches, got " + batches);
      }
      this.prefetch = batches;
      return this;
    }

    /**
     * Whether batches may hold NaN or infinite values (default false: making such a batch throws
     * {@link IllegalArgumentException} with the sample's index in the data set, checked after the
     * transforms).
     */
    public Builder allowNonFinite(boolean allow) {
      this.allowNonFinite = allow;
      return this;
    }

    public DataLoader build() {
      return new DataLoader(this);
    }
  }
}
