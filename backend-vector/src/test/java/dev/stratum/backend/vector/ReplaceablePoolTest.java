package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.MatmulSpec;
import dev.stratum.backend.Storage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.Test;

/** An application can run the backend's threads on its own pool, and keeps that pool afterwards. */
class ReplaceablePoolTest {

  @Test
  void kernelsRunOnTheApplicationsPoolWhichOutlivesTheBackend() {
    ForkJoinPool.ForkJoinWorkerThreadFactory named =
        pool -> {
          ForkJoinWorkerThread thread =
              ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          thread.setName("app-worker-" + thread.getPoolIndex());
          return thread;
        };
    ForkJoinPool appPool = new ForkJoinPool(3, named, null, false);
    Parallel parallel = new Parallel(appPool);
    assertThat(parallel.threads()).isEqualTo(4);

    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    parallel.forRange(400, 1, (start, end) -> threadNames.add(Thread.currentThread().getName()));
    assertThat(threadNames).anyMatch(name -> name.startsWith("app-worker-"));

    VectorBackend backend = VectorBackend.create(parallel, true);
    int n = 192;
    float[] ones = new float[n * n];
    java.util.Arrays.fill(ones, 1f);
    Storage a = backend.allocate(n * n);
    Storage c = backend.allocate(n * n);
    backend.upload(ones, 0, a, 0, ones.length);
    backend.matmul(MatmulSpec.of(n, n, n), a, a, c);
    float[] product = new float[n * n];
    backend.download(c, 0, product, 0, product.length);
    // every entry of ones·ones is exactly n
    assertThat(product).containsOnly((float) n);
    backend.release(a);
    backend.release(c);
    backend.close();

    assertThat(appPool.isShutdown()).as("the application's pool is left running").isFalse();
    appPool.shutdown();
  }
}
