package dev.stratum.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.backend.Backend;
import dev.stratum.backend.Storage;
import dev.stratum.backend.UnaryOp;
import dev.stratum.backend.fused.FusedAxpy;
import dev.stratum.backend.support.ForwardingBackend;
import dev.stratum.conformance.scalar.ScalarBackend;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardingBackendTest {

  /** The scalar backend plus an axpy of its own, to see capability lookups pass or stop. */
  private static Backend withAxpy(Backend core) {
    FusedAxpy axpy =
        (alpha, x, y, count) -> {
          float[] xs = new float[count];
          float[] ys = new float[count];
          core.download(x, 0, xs, 0, count);
          core.download(y, 0, ys, 0, count);
          for (int i = 0; i < count; i++) {
            ys[i] += alpha * xs[i];
          }
          core.upload(ys, 0, y, 0, count);
        };
    return new ForwardingBackend(core) {
      @Override
      public <T> Optional<T> capability(Class<T> type) {
        return type == FusedAxpy.class ? Optional.of(type.cast(axpy)) : Optional.empty();
      }
    };
  }

  @Test
  void everyCallReachesTheDelegateAndItsStoragesMixFreely() {
    Backend core = new ScalarBackend();
    Backend forwarding = new ForwardingBackend(core);
    Storage a = forwarding.allocate(3);
    forwarding.upload(new float[] {-1, 0, 2}, 0, a, 0, 3);
    Storage out = core.allocate(3);
    forwarding.unary(UnaryOp.RELU, 0, a, out, 3);
    float[] back = new float[3];
    core.download(out, 0, back, 0, 3);
    assertThat(back).containsExactly(0, 0, 2);
    assertThat(forwarding.liveStorages()).isEqualTo(core.liveStorages()).isEqualTo(2);
    forwarding.release(a);
    core.release(out);
    assertThat(core.liveStorages()).isZero();
    assertThat(forwarding.name()).isEqualTo(core.name());
  }

  @Test
  void capabilitiesAreForwardedAndInterfaceDefaultsHidesThem() {
    Backend offering = withAxpy(new ScalarBackend());
    assertThat(new ForwardingBackend(offering).capability(FusedAxpy.class)).isPresent();
    assertThat(new InterfaceDefaults(offering).capability(FusedAxpy.class)).isEmpty();
    assertThat(new ForwardingBackend(new ScalarBackend()).capability(FusedAxpy.class)).isEmpty();
  }
}
