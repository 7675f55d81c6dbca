package dev.stratum.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GEMM's blocks sized from the caches: the rules of {@link GemmBlocking#forCaches} on the
 * machines of WORKLOADS.md and the Zen 4 one, worked out by hand, and the sysfs reader on folders
 * laid out as Linux writes them.
 */
class GemmBlockingTest {

  @TempDir Path tmp;

  @Test
  void zen3WithAvx2GetsTheBlockingMeasuredThere() {
    // kc = 32 KiB / 2 / (16 · 4 B) = 256; mc = 512 KiB / 4 / (256 · 4 B) = 128;
    // nc = 32 MiB / 8 / (256 · 4 B) = 4096
    assertThat(GemmBlocking.sizesFor(4, 16, CacheSizes.ZEN3)).containsExactly(256, 128, 4096);
  }

  @Test
  void zen4WithAvx512GetsTheDeeperBlockMeasuredThere() {
    // kc = 32 KiB / 2 / (16 · 4 B) · 32 / 16 = 512; mc = 1 MiB / 4 / (512 · 4 B) = 128;
    // nc = 32 MiB / 8 / (512 · 4 B) = 2048
    CacheSizes zen4 = new CacheSizes(32 << 10, 1 << 20, 32L << 20);
    assertThat(GemmBlocking.sizesFor(4, 32, zen4)).containsExactly(512, 128, 2048);
  }

  @Test
  void zen5WithAvx512GetsItsOwnBlocking() {
    // kc = 48 KiB / 2 / (16 · 4 B) · 32 / 16 = 768; mc = 1 MiB / 4 / (768 · 4 B) = 85.3 -> 84
    // (mr 4); nc = 32 MiB / 8 / (768 · 4 B) = 1365.3 -> 1344 (a multiple of 32)
    CacheSizes zen5 = new CacheSizes(48 << 10, 1 << 20, 32L << 20);
    assertThat(GemmBlocking.sizesFor(4, 32, zen5)).containsExactly(768, 84, 1344);
  }

  @Test
  void onlyA16LaneCoreWithTheLargerL1dGetsSixRowTilesForLargeProducts() {
    CacheSizes zen4 = new CacheSizes(32 << 10, 1 << 20, 32L << 20);
    CacheSizes zen5 = new CacheSizes(48 << 10, 1 << 20, 32L << 20);
    assertThat(GemmBlocking.wideRows(16, zen5)).isEqualTo(6);
    assertThat(GemmBlocking.wideRows(16, zen4)).isEqualTo(4);
    assertThat(GemmBlocking.wideRows(8, zen5)).isEqualTo(4);
    assertThat(GemmBlocking.wideRows(8, CacheSizes.ZEN3)).isEqualTo(4);
  }

  @Test
  void withoutAnL3TheBBlockIsHalfOfL2AndTinyCachesStayWithinTheBounds() {
    // nc = 256 KiB / 2 / (256 · 4 B) = 128
    assertThat(GemmBlocking.sizesFor(4, 16, new CacheSizes(32 << 10, 256 << 10, 0)))
        .containsExactly(256, 64, 128);
    // 1 KiB of L1d: kc would be 8, clamped to 16; mc at least mr; nc at least one panel
    assertThat(GemmBlocking.sizesFor(4, 16, new CacheSizes(1 << 10, 1 << 10, 0)))
        .containsExactly(16, 4, 16);
  }

  @Test
  void theSysfsReaderTakesTheDataCachesAndSkipsTheInstructionCache() throws IOException {
    index("index0", "1", "Data", "48K");
    index("index1", "1", "Instruction", "32K");
    index("index2", "2", "Unified", "1024K");
    index("index3", "3", "Unified", "32768K");
    assertThat(CacheSizes.read(tmp)).contains(new CacheSizes(48 << 10, 1 << 20, 32L << 20));
  }

  @Test
  void aFolderWithoutL1dOrL2OrUnreadableGivesNothingAndTheFallbackIsZen3() throws IOException {
    assertThat(CacheSizes.read(tmp.resolve("absent"))).isEmpty();
    index("index0", "1", "Instruction", "32K");
    index("index1", "2", "Unified", "not a size");
    assertThat(CacheSizes.read(tmp)).isEmpty();
    assertThat(CacheSizes.ZEN3).isEqualTo(new CacheSizes(32 << 10, 512 << 10, 32L << 20));
  }

  @Test
  void sizesParseAsSysfsWritesThem() {
    assertThat(CacheSizes.parseSize("32K")).hasValue(32 << 10);
    assertThat(CacheSizes.parseSize("32768K\n")).hasValue(32L << 20);
    assertThat(CacheSizes.parseSize("1M")).hasValue(1 << 20);
    assertThat(CacheSizes.parseSize("4096")).hasValue(4096);
    assertThat(CacheSizes.parseSize("0K")).isEmpty();
    assertThat(CacheSizes.parseSize("")).isEmpty();
    assertThatThrownBy(() -> new CacheSizes(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("L1d=0");
  }

  private void index(String name, String level, String type, String size) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("level"), level + "\n");
    Files.writeString(dir.resolve("type"), type + "\n");
    Files.writeString(dir.resolve("size"), size + "\n");
  }
}
