package dev.stratum.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountingBackendTest {

  /** The calls that reach the wrapped backend, by method name. */
  private final List<String> reached = new ArrayList<>();

  private final Backend core =
      (Backend)
          Proxy.newProxyInstance(
              Backend.class.getClassLoader(),
              new Class<?>[] {Backend.class},
              (proxy, method, args) -> {
                reached.add(method.getName());
                return null;
              });

  @Test
  void countsEachTransferAndTheFloatsItMovesThenForwardsIt() {
    CountingBackend counting = new CountingBackend(core);
    Storage storage = null;
    counting.upload(new float[8], 0, storage, 0, 8);
    counting.upload(new float[8], 2, storage, 0, 3);
    counting.download(storage, 0, new float[1], 0, 1);
    counting.fill(storage, 0, 4, 1f);

    assertThat(counting.uploads()).isEqualTo(2);
    assertThat(counting.uploadedFloats()).isEqualTo(11);
    assertThat(counting.downloads()).isEqualTo(1);
    assertThat(counting.downloadedFloats()).isEqualTo(1);
    assertThat(reached).containsExactly("upload", "upload", "download", "fill");
  }

  @Test
  void resetStartsEveryCountAgain() {
    CountingBackend counting = new CountingBackend(core);
    counting.upload(new float[2], 0, null, 0, 2);
    counting.download(null, 0, new float[2], 0, 2);
    counting.reset();
    counting.download(null, 0, new float[5], 0, 5);

    assertThat(counting.uploads()).isZero();
    assertThat(counting.uploadedFloats()).isZero();
    assertThat(counting.downloads()).isEqualTo(1);
    assertThat(counting.downloadedFloats()).isEqualTo(5);
  }
}
