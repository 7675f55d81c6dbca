package dev.stratum.data;

import dev.stratum.backend.Storage;
import dev.stratum.backend.support.ForwardingBackend;
import dev.stratum.conformance.scalar.ScalarBackend;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh scalar reference backend of its own (so its live count belongs to one test), that records
 * which threads uploaded and can be told to fail an upload: what the loader tests need to see.
 */
final class RecordingBackend extends ForwardingBackend {

  final Set<String> uploadThreads = ConcurrentHashMap.newKeySet();
  volatile int failAfterUploads = Integer.MAX_VALUE;
  private final AtomicInteger uploads = new AtomicInteger();

  RecordingBackend() {
    super(new ScalarBackend());
  }

  @Override
  public void upload(float[] src, int srcOffset, Storage dst, int dstOffset, int count) {
    if (uploads.incrementAndGet() > failAfterUploads) {
      throw new IllegalStateException("simulated upload failure");
    }
    uploadThreads.add(Thread.currentThread().getName());
    super.upload(src, srcOffset, dst, dstOffset, count);
  }

  @Override
  public void close() {
    delegate().close();
  }
}
