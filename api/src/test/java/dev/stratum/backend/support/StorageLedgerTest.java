package dev.stratum.backend.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.backend.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageLedgerTest {

  /** A storage of a test backend over heap arrays. */
  private static final class HeapStorage extends TrackedStorage<float[]> {
    HeapStorage(StorageLedger<float[], HeapStorage> ledger, float[] data) {
      super(ledger, data.length, data);
    }
  }

  /** Another backend's storage class, with the same payload type. */
  private static final class OtherStorage extends TrackedStorage<float[]> {
    OtherStorage(StorageLedger<float[], OtherStorage> ledger, float[] data) {
      super(ledger, data.length, data);
    }
  }

  private final StorageLedger<float[], HeapStorage> ledger =
      StorageLedger.counting("heap", HeapStorage.class);

  private HeapStorage allocate(int size) {
    return ledger.admit(new HeapStorage(ledger, new float[size]));
  }

  @Test
  void countsAdmittedStoragesUntilTheyAreReleased() {
    HeapStorage a = allocate(3);
    HeapStorage b = allocate(5);
    assertThat(ledger.live()).isEqualTo(2);
    float[] payload = a.payload();
    assertThat(ledger.release(ledger.own(a, "release"))).isSameAs(payload);
    assertThat(ledger.live()).isEqualTo(1);
    assertThat(a.released()).isTrue();
    assertThat(a).hasToString("HeapStorage[3, released]");
    assertThat(b).hasToString("HeapStorage[5]");
    ledger.release(b);
    assertThat(ledger.live()).isZero();
  }

  @Test
  void aSecondReleaseOrAUseAfterReleaseFailsAndLeavesTheCount() {
    HeapStorage a = allocate(4);
    allocate(1);
    ledger.release(a);
    assertThatThrownBy(() -> ledger.release(a))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("release: storage of 4 elements was already released");
    assertThat(ledger.live()).isEqualTo(1);
    assertThatThrownBy(a::payload)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("storage of 4 elements is used after it was released");
  }

  @Test
  void foreignStoragesAreNamedByWhoseTheyAre() {
    Storage lambda = () -> 64;
    assertThatThrownBy(() -> ledger.own(lambda, "fill"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fill: storage " + lambda + " does not belong to the heap backend");
    StorageLedger<float[], OtherStorage> otherBackend =
        StorageLedger.counting("other", OtherStorage.class);
    OtherStorage theirs = otherBackend.admit(new OtherStorage(otherBackend, new float[2]));
    assertThatThrownBy(() -> ledger.own(theirs, "copy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("copy: storage OtherStorage[2] does not belong to the heap backend");
    StorageLedger<float[], HeapStorage> otherInstance =
        StorageLedger.counting("heap", HeapStorage.class);
    HeapStorage sibling = otherInstance.admit(new HeapStorage(otherInstance, new float[7]));
    assertThatThrownBy(() -> ledger.own(sibling, "release"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("release: storage HeapStorage[7] belongs to another heap backend instance");
    assertThatThrownBy(() -> ledger.admit(sibling))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admit: storage HeapStorage[7] was made for another heap backend instance");
    assertThat(ledger.live()).isZero();
  }

  @Test
  void aTrackingLedgerReleasesWhatIsStillLiveOnce() {
    StorageLedger<float[], HeapStorage> tracking =
        StorageLedger.tracking("heap", HeapStorage.class);
    HeapStorage kept = tracking.admit(new HeapStorage(tracking, new float[2]));
    HeapStorage released = tracking.admit(new HeapStorage(tracking, new float[3]));
    HeapStorage leaked = tracking.admit(new HeapStorage(tracking, new float[4]));
    tracking.release(released);
    List<Integer> freed = new ArrayList<>();
    assertThat(tracking.releaseAll((storage, payload) -> freed.add(payload.length))).isEqualTo(2);
    assertThat(freed).containsExactlyInAnyOrder(2, 4);
    assertThat(kept.released()).isTrue();
    assertThat(leaked.released()).isTrue();
    assertThat(tracking.live()).as("a leak stays visible after the close").isEqualTo(2);
    assertThat(tracking.releaseAll((storage, payload) -> freed.add(-1))).isZero();
  }

  @Test
  void aCountingLedgerCannotReleaseAll() {
    assertThatThrownBy(() -> ledger.releaseAll((storage, payload) -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("releaseAll: the heap ledger only counts its storages; use a tracking one");
  }

  @Test
  void unadmittedScratchIsReleasedDirectlyWithoutTouchingTheCount() {
    HeapStorage scratch = new HeapStorage(ledger, new float[8]);
    assertThat(ledger.own(scratch, "scratch")).isSameAs(scratch);
    assertThat(scratch.markReleased()).hasSize(8);
    assertThat(ledger.live()).isZero();
    assertThatThrownBy(scratch::markReleased).isInstanceOf(IllegalStateException.class);
  }

  /** A storage whose size is not its payload's, as a device buffer's. */
  private static final class DeviceStorage extends TrackedStorage<Object> {
    DeviceStorage(StorageLedger<Object, DeviceStorage> ledger, int size) {
      super(ledger, size, new Object());
    }
  }

  @Test
  void aNegativeSizeIsRefusedWithItsValue() {
    StorageLedger<Object, DeviceStorage> device =
        StorageLedger.counting("device", DeviceStorage.class);
    assertThat(new DeviceStorage(device, 0).size()).isZero();
    assertThatThrownBy(() -> new DeviceStorage(device, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a storage's size must not be negative, got -3");
  }
}
