package dev.stratum.backend.vector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The data-cache sizes of the processor the JVM runs on, per level, in bytes: what {@link
 * GemmBlocking#forCaches} sizes the GEMM's blocks from. Read on Linux from {@code
 * /sys/devices/system/cpu/cpu0/cache/index*} ({@code level}, {@code type}, {@code size} as {@code
 * 32K} or {@code 32768K}); elsewhere, or where that folder is missing or unreadable, the sizes of
 * the Zen 3 class machine this project is developed on (32 KiB, 512 KiB, 32 MiB), with which the
 * blocking is the one measured there.
 *
 * @param l1d the first-level data cache of one core
 * @param l2 the second-level cache of one core
 * @param l3 the last-level cache (shared), or 0 when the processor has none
 */
record CacheSizes(long l1d, long l2, long l3) {

  /** The fallback, a Zen 3 class core. */
  static final CacheSizes ZEN3 = new CacheSizes(32 << 10, 512 << 10, 32L << 20);

  /** Where Linux describes the caches of the first CPU. */
  static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

  CacheSizes {
    if (l1d <= 0 || l2 <= 0 || l3 < 0) {
      throw new IllegalArgumentException(
          "cache sizes must be positive (L3 may be 0), got L1d=" + l1d + " L2=" + l2 + " L3=" + l3);
    }
  }

  /** The sizes of this machine, or {@link #ZEN3} when they cannot be read. */
  static CacheSizes ofThisMachine() {
    return read(SYSFS).orElse(ZEN3);
  }

  /**
   * The sizes described under {@code folder} (a sysfs cache folder), or empty when it lacks a
   * first-level data cache or a second-level cache, or cannot be read.
   */
  static java.util.Optional<CacheSizes> read(Path folder) {
    long l1d = 0;
    long l2 = 0;
    long l3 = 0;
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path index :
          entries.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
        String type = text(index.resolve("type")).toLowerCase(Locale.ROOT);
        if (type.equals("instruction")) {
          continue;
        }
        OptionalLong size = parseSize(text(index.resolve("size")));
        if (size.isEmpty()) {
          continue;
        }
        switch (text(index.resolve("level"))) {
          case "1" -> l1d = size.getAsLong();
          case "2" -> l2 = size.getAsLong();
          case "3" -> l3 = size.getAsLong();
          default -> {}
        }
      }
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
    return l1d > 0 && l2 > 0
        ? java.util.Optional.of(new CacheSizes(l1d, l2, l3))
        : java.util.Optional.empty();
  }

  /** {@code 32K}, {@code 32768K}, {@code 1M} or a plain byte count, as sysfs writes them. */
  static OptionalLong parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K")) {
      unit = 1L << 10;
    } else if (t.endsWith("M")) {
      unit = 1L << 20;
    } else if (t.endsWith("G")) {
      unit = 1L << 30;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long value = Long.parseLong(digits);
      return value > 0 ? OptionalLong.of(value * unit) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static String text(Path file) throws IOException {
    return Files.readString(file).trim();
  }
}
