package dev.stratum.spark;

import dev.stratum.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names and shapes of a list of tensors laid end to end in one flat float array: how parameters,
 * buffers, gradients and optimizer state travel between the driver and the executors. The order is
 * that of the map it was made from ({@link dev.stratum.nn.Layer#parameters()} is in a stable
 * order), and values are matched by name on the other side, so an executor whose model lists its
 * tensors differently fails with the name rather than mixing them up.
 */
final class Layout implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[][] shapes;
  private final int[] offsets;
  private final int size;

  private Layout(String[] names, int[][] shapes) {
    this.names = names;
    this.shapes = shapes;
    this.offsets = new int[names.length];
    long total = 0;
    for (int i = 0; i < names.length; i++) {
      offsets[i] = (int) total;
      total += elements(shapes[i]);
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "spark trainer: more than 2^31 values to synchronise (at '" + names[i] + "')");
      }
    }
    this.size = (int) total;
  }

  /** The layout of {@code tensors}, in their order. */
  static Layout of(Map<String, Tensor> tensors) {
    String[] names = tensors.keySet().toArray(String[]::new);
    int[][] shapes = new int[names.length][];
    for (int i = 0; i < names.length; i++) {
      shapes[i] = tensors.get(names[i]).shape().clone();
    }
    return new Layout(names, shapes);
  }

  /** Two layouts one after the other. */
  static Layout concat(Layout a, Layout b) {
    String[] names = Arrays.copyOf(a.names, a.names.length + b.names.length);
    System.arraycopy(b.names, 0, names, a.names.length, b.names.length);
    int[][] shapes = Arrays.copyOf(a.shapes, a.shapes.length + b.shapes.length);
    System.arraycopy(b.shapes, 0, shapes, a.shapes.length, b.shapes.length);
    return new Layout(names, shapes);
  }

  /** Values in all. */
  int size() {
    return size;
  }

  List<String> names() {
    return List.of(names);
  }

  /**
   * Adds {@code scale ·} each tensor of {@code tensors} (looked up by name) into {@code dst[offset
   * ..]}; with {@code zeros} a name absent from the map adds nothing (a parameter that got no
   * gradient), otherwise it is an error.
   */
  void addScaled(Map<String, Tensor> tensors, float scale, float[] dst, int offset, boolean zeros) {
    for (int i = 0; i < names.length; i++) {
      Tensor t = tensors.get(names[i]);
      if (t == null) {
        if (zeros) {
          continue;
        }
        throw new IllegalStateException(
            "spark trainer: the executor's model has no tensor '"
                + names[i]
                + "' (it has "
                + tensors.keySet()
                + "); driver and executors must build the same architecture");
      }
      checkShape(names[i], t.shape(), shapes[i]);
      float[] values = t.toArray();
      int base = offset + offsets[i];
      for (int j = 0; j < values.length; j++) {
        dst[base + j] += scale * values[j];
      }
    }
  }

  /** Copies {@code src[offset ..]} into the tensors of {@code targets}, by name. */
  void copyInto(Map<String, Tensor> targets, float[] src, int offset) {
    for (int i = 0; i < names.length; i++) {
      Tensor t = targets.get(names[i]);
      if (t == null) {
        throw new IllegalStateException(
            "spark trainer: no tensor '"
                + names[i]
                + "' to copy into (there are "
                + targets.keySet()
                + "); driver and executors must build the same architecture");
      }
      checkShape(names[i], t.shape(), shapes[i]);
      try (Tensor value = slice(t, src, offset, i)) {
        t.copyFrom(value);
      }
    }
  }

  /** New tensors on {@code backend} holding {@code src[offset ..]}, by name. */
  Map<String, Tensor> tensors(dev.stratum.backend.Backend backend, float[] src, int offset) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      int n = elements(shapes[i]);
      float[] part = Arrays.copyOfRange(src, offset + offsets[i], offset + offsets[i] + n);
      out.put(names[i], Tensor.of(backend, part, shapes[i]));
    }
    return out;
  }

  private Tensor slice(Tensor like, float[] src, int offset, int i) {
    int n = elements(shapes[i]);
    float[] part = Arrays.copyOfRange(src, offset + offsets[i], offset + offsets[i] + n);
    return Tensor.of(like.backend(), part, shapes[i]);
  }

  private static void checkShape(String name, int[] actual, int[] expected) {
    if (!Arrays.equals(actual, expected)) {
      throw new IllegalStateException(
          "spark trainer: tensor '"
              + name
              + "' has shape "
              + Arrays.toString(actual)
              + " here but "
              + Arrays.toString(expected)
              + " on the other side; driver and executors must build the same architecture");
    }
  }

  private static int elements(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l
        && Arrays.equals(names, l.names)
        && Arrays.deepEquals(shapes, l.shapes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names) * 31 + Arrays.deepHashCode(shapes);
  }

  @Override
  public String toString() {
    return names.length + " tensors, " + size + " values " + Arrays.toString(names);
  }
}
