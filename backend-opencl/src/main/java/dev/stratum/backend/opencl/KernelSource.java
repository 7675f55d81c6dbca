package dev.stratum.backend.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The OpenCL C program: the {@code .cl} resources beside this class, one per kernel group as in the
 * vector backend, concatenated with {@code common.cl} first and compiled as one program per context
 * (one compiler run, which matters on PoCL where the first build of a program is slow).
 */
final class KernelSource {

  /**
   * Axes one launch of a strided kernel handles: the kernels take the shape and strides as {@code
   * int8} arguments, and a deeper index space becomes one launch per index of its outer axes.
   */
  static final int MAX_RANK = 8;

  /** The files, in the order they are concatenated. */
  static final List<String> FILES =
      List.of(
          "common.cl",
          "elementwise.cl",
          "movement.cl",
          "reduction.cl",
          "gemm.cl",
          "index.cl",
          "convolution.cl",
          "pooling.cl",
          "random.cl",
          "fused.cl");

  private static volatile String program;

  private KernelSource() {}

  /** The whole program text, read once. */
  static String program() {
    String text = program;
    if (text == null) {
      StringBuilder all = new StringBuilder();
      for (String file : FILES) {
        all.append("// ---- ").append(file).append('\n').append(read(file)).append('\n');
      }
      text = all.toString();
      program = text;
    }
    return text;
  }

  private static String read(String file) {
    try (InputStream in = KernelSource.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("kernel source " + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading kernel source " + file, e);
    }
  }

  /**
   * {@code values} padded with zeros to the {@link #MAX_RANK} lanes of an {@code int8} argument.
   */
  static int[] int8(int[] values) {
    return Arrays.copyOf(values, MAX_RANK);
  }
}
