package dev.stratum.backend.support;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that counts the transfers between the host and another backend: each {@link #upload}
 * and {@link #download} call (one call is one transfer, whatever its length) and the floats each
 * moved. Every call goes on to the wrapped backend. Tests use it to show where a step reads from
 * the device: a training step should download once, its loss.
 *
 * <pre>{@code
 * CountingBackend counting = new CountingBackend(Backends.get("vector"));
 * ... build the model on counting, train one step ...
 * long reads = counting.downloads();
 * }</pre>
 *
 * <p>Counts are totals over every thread since construction or the last {@link #reset()}. A fused
 * kernel that the wrapped backend offers as a {@link #capability} runs on that backend directly, so
 * a transfer inside one would not be counted (none of the built-in ones transfers).
 */
public class CountingBackend extends ForwardingBackend {

  private final AtomicLong uploads = new AtomicLong();
  private final AtomicLong uploadedFloats = new AtomicLong();
  private final AtomicLong downloads = new AtomicLong();
  private final AtomicLong downloadedFloats = new AtomicLong();

  /** Counts the transfers of {@code core}, which stays the caller's to close. */
  public CountingBackend(Backend core) {
    super(core);
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    uploads.incrementAndGet();
    uploadedFloats.addAndGet(count);
    super.upload(src, srcOffset, dst, dstOffset, count);
  }

  @Override
  public void download(Storage src, int srcOffset, float[] dst, int dstOffset, int count) {
    downloads.incrementAndGet();
    downloadedFloats.addAndGet(count);
    super.download(src, srcOffset, dst, dstOffset, count);
  }

  /** Host-to-device transfers so far. */
  public long uploads() {
    return uploads.get();
  }

  /** Floats moved by those uploads. */
  public long uploadedFloats() {
    return uploadedFloats.get();
  }

  /** Device-to-host transfers so far: each one waits for the device to finish what it was given. */
  public long downloads() {
    return downloads.get();
  }

  /** Floats moved by those downloads. */
  public long downloadedFloats() {
    return downloadedFloats.get();
  }

  /** Sets every count back to 0. */
  public void reset() {
    uploads.set(0);
    uploadedFloats.set(0);
    downloads.set(0);
    downloadedFloats.set(0);
  }
}
