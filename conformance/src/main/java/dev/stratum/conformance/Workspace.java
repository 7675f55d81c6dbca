package dev.stratum.conformance;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storages of one case. Everything allocated here is released by {@link #close()}, so the kit
 * never leaks, and the kit can then check that the backend did not either.
 *
 * <p>Outputs carry {@link #GUARD} extra elements after their logical size, and start filled with
 * {@link #SENTINEL}: a kernel that writes past its output, or leaves part of it unwritten, or reads
 * the old contents of an output it should overwrite, is caught.
 */
public final class Workspace implements AutoCloseable {

  /** Elements past the end of every output that no kernel may touch. */
  public static final int GUARD = 3;

  /** A quiet NaN with a payload no arithmetic produces from the kit's inputs. */
  public static final float SENTINEL = Float.intBitsToFloat(0x7fc5a5a5);

  private final Backend backend;
  private final List<Storage> owned = new ArrayList<>();
  private final Map<Storage, Integer> guarded = new IdentityHashMap<>();

  public Workspace(Backend backend) {
    this.backend = backend;
  }

  public Backend backend() {
    return backend;
  }

  /** A storage of {@code size} elements with unspecified contents, released at the end. */
  public Storage allocate(int size) {
    Storage storage = backend.allocate(size);
    owned.add(storage);
    return storage;
  }

  /** A storage holding exactly {@code data}. */
  public Storage input(float[] data) {
    Storage storage = allocate(data.length);
    backend.upload(data, 0, storage, 0, data.length);
    return storage;
  }

  /** An output of {@code size} elements plus the guard, all set to {@link #SENTINEL}. */
  public Storage output(int size) {
    float[] init = new float[size + GUARD];
    Arrays.fill(init, SENTINEL);
    Storage storage = input(init);
    guarded.put(storage, size);
    return storage;
  }

  /** The first {@code size} elements of {@code storage}; for an output, checks the guard first. */
  public float[] read(Storage storage, int size) {
    Integer logical = guarded.get(storage);
    int total = logical == null ? size : logical + GUARD;
    float[] all = new float[total];
    backend.download(storage, 0, all, 0, total);
    if (logical != null) {
      for (int i = logical; i < total; i++) {
        if (Float.floatToRawIntBits(all[i]) != Float.floatToRawIntBits(SENTINEL)) {
          throw new AssertionError(
              "wrote past the end of the output: element "
                  + i
                  + " of an output of size "
                  + logical
                  + " holds "
                  + all[i]);
        }
      }
    }
    return Arrays.copyOf(all, size);
  }

  /** Releases every storage of the case, newest first. */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      backend.release(owned.get(i));
    }
    owned.clear();
    guarded.clear();
  }
}
