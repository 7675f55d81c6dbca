package dev.stratum.backend.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeKeyedPoolTest {

  @Test
  void keepsAFewBuffersPerSizeWithinItsByteCap() {
    SizeKeyedPool<float[]> pool = new SizeKeyedPool<>(2, 10_000);
    for (int i = 0; i < 5; i++) {
      boolean kept = pool.give(new float[100], 400);
      assertThat(kept).as("offer %d of 400 bytes", i + 1).isEqualTo(i < 2);
    }
    assertThat(pool.pooledBytes()).as("two of a size").isEqualTo(800);
    assertThat(pool.give(new float[2000], 8000)).isTrue();
    assertThat(pool.pooledBytes()).as("the 8000-byte buffer fits, just").isEqualTo(8800);
    assertThat(pool.give(new float[400], 1600)).isFalse();
    assertThat(pool.pooledBytes()).as("over the cap: refused").isEqualTo(8800);
  }

  @Test
  void takeHandsBackOnlyAnExactSizeAndNullOtherwise() {
    SizeKeyedPool<String> pool = new SizeKeyedPool<>(4, 1 << 20);
    pool.give("first", 64);
    pool.give("second", 64);
    assertThat(pool.take(32)).isNull();
    assertThat(pool.take(64)).as("the latest first").isEqualTo("second");
    assertThat(pool.pooledBytes()).isEqualTo(64);
    assertThat(pool.take(64)).isEqualTo("first");
    assertThat(pool.take(64)).isNull();
    assertThat(pool.pooledBytes()).isZero();
  }

  @Test
  void clearFreesEveryPooledBufferAndReportsTheBytes() {
    SizeKeyedPool<String> pool = new SizeKeyedPool<>(4, 1 << 20);
    pool.give("a", 4);
    pool.give("b", 4);
    pool.give("c", 4096);
    List<String> freed = new ArrayList<>();
    assertThat(pool.clear(freed::add)).isEqualTo(4104);
    assertThat(freed).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(pool.pooledBytes()).isZero();
    assertThat(pool.take(4)).isNull();
    pool.give("d", 8);
    assertThat(pool.clear()).isEqualTo(8);
  }

  @Test
  void aPoolOfZeroBytesKeepsNothing() {
    SizeKeyedPool<String> pool = new SizeKeyedPool<>(4, 0);
    assertThat(pool.give("a", 4)).isFalse();
    assertThat(pool.pooledBytes()).isZero();
  }

  @Test
  void negativeBoundsAreRefusedWithTheirValues() {
    assertThatThrownBy(() -> new SizeKeyedPool<String>(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool bounds must not be negative, got perSize -1 and maxBytes 10");
  }
}
